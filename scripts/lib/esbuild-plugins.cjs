'use strict';
/**
 * esbuild plugins of the Lambda bundles (serverless.ts `custom.esbuild.plugins`, the bench and the
 * bundle tests). CommonJS because serverless-esbuild loads this file with `require`.
 */
const path = require('node:path');

/**
 * zod's namespace re-exports every locale (`z.locales`, `z.core.locales`, `zod/locales`), and a
 * namespace used as a value cannot be tree-shaken: 40-odd languages, about 250 KB minified, in every
 * bundle. The messages people read are Chinese (shared/api/errors.ts installs zh-CN under our own
 * map), and English is zod's built-in default, so the locale index resolves to those two alone.
 * Any other locale name is then undefined at build time too: tsc still sees zod's full types.
 */
function zodChineseLocalesOnly() {
  return {
    name: 'zod-chinese-locales-only',
    setup(build) {
      // The locale index as zod's own modules reach it, and as `zod/locales` (our errors module) does.
      build.onResolve({ filter: /^zod(\/v4)?\/locales$|^\.\.?\/(.*\/)?locales\/index\.js$/ }, async (args) => {
        if (args.path.startsWith('.') && !/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
        const zodEntry = await build.resolve('zod/package.json', { kind: 'require-call', resolveDir: args.resolveDir || process.cwd() });
        if (zodEntry.errors.length) return undefined;
        return { path: path.join(path.dirname(zodEntry.path), 'v4', 'locales'), namespace: 'zod-locales' };
      });
      build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
        contents: 'export { default as zhCN } from "./zh-CN.js";\nexport { default as en } from "./en.js";\n',
        resolveDir: args.path,
        loader: 'js',
      }));
    },
  };
}

/**
 * qrcode's Node entry loads its PNG renderer, and with it pngjs (and zlib streams), at import time;
 * the backend only ever renders SVG (functions/core/resident/holders.ts `codeSvg`). pngjs resolves to
 * a stand-in whose PNG class refuses to construct, so a PNG request would fail loudly, never silently.
 */
function qrcodeWithoutPng() {
  return {
    name: 'qrcode-without-png',
    setup(build) {
      build.onResolve({ filter: /^pngjs$/ }, (args) =>
        /[\\/]node_modules[\\/]qrcode[\\/]/.test(args.importer) ? { path: 'pngjs', namespace: 'no-pngjs' } : undefined);
      build.onLoad({ filter: /.*/, namespace: 'no-pngjs' }, () => ({
        contents: 'exports.PNG = class PNG { constructor() { throw new Error("PNG QR codes are not built into this bundle: render SVG"); } };\n',
        loader: 'js',
      }));
    },
  };
}

/**
 * alipay-sdk's HTTP client, urllib, carries its own undici (~550 KB minified, ~60 ms of init) though
 * Node 22's built-in fetch is undici already: alipay-sdk's `urllib` resolves to a small adapter over
 * fetch (functions/adapters/alipay-transport.ts; jest.config.js maps it the same way). Its multipart
 * upload stream, formstream (and mime-db with it, ~170 KB), is for file-upload APIs we never call: it
 * resolves to a class that refuses to construct, so an upload would fail loudly, never silently.
 */
function alipayWithoutUrllib() {
  const fromAlipaySdk = (importer) => /[\\/]node_modules[\\/]alipay-sdk[\\/]/.test(importer);
  return {
    name: 'alipay-without-urllib',
    setup(build) {
      build.onResolve({ filter: /^urllib$/ }, (args) =>
        fromAlipaySdk(args.importer) ? { path: path.join(__dirname, '..', '..', 'functions', 'adapters', 'alipay-transport.ts') } : undefined);
      build.onResolve({ filter: /^formstream$/ }, (args) => (fromAlipaySdk(args.importer) ? { path: 'formstream', namespace: 'no-formstream' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'no-formstream' }, () => ({
        contents: 'export default class FormStream { constructor() { throw new Error("Multipart uploads to Alipay are not built into this bundle"); } }\n',
        loader: 'js',
      }));
    },
  };
}

/**
 * An ESM `import ... from 'node:http'` (middy's util takes STATUS_CODES so) evaluates every export
 * of the module, and on Node 22 some are getters that load Node's own undici: about a third of a
 * function's cold init for a table of status texts. The bundles read node:http as a plain object
 * instead, whose getters run only when used.
 */
function nodeHttpWithoutUndici() {
  return {
    name: 'node-http-without-undici',
    setup(build) {
      build.onResolve({ filter: /^(node:)?http$/ }, (args) => (args.kind === 'import-statement' ? { path: 'node:http', namespace: 'node-http-object' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'node-http-object' }, () => {
        const descriptors = Object.getOwnPropertyDescriptors(require('node:http'));
        const names = Object.keys(descriptors).filter((k) => 'value' in descriptors[k] && /^[A-Za-z_$][\w$]*$/.test(k));
        return {
          contents: `const http = process.getBuiltinModule('node:http');\nexport default http;\n${names.map((n) => `export const ${n} = http.${n};`).join('\n')}\n`,
          loader: 'js',
        };
      });
    },
  };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = B64_INDEX.get(c);
    if (digit === undefined) throw new Error(`source map: bad mapping character ${c}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeVlq(n) {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += B64[digit];
  } while (v > 0);
  return out;
}

/**
 * Keeps only the mappings into the project's own sources. Dependencies are most of a bundle and
 * most of its map, yet a stack trace is read in our frames; theirs keep the bundle's line and column.
 * Halves a zipped function. Their segments stay, unmapped, so no position of theirs maps to ours.
 */
function trimSourceMap(map) {
  const keep = map.sources.map((s) => !/(^|[\\/])node_modules[\\/]/.test(s));
  const sourceIndex = [];
  const sources = [];
  map.sources.forEach((s, i) => { if (keep[i]) { sourceIndex[i] = sources.length; sources.push(s); } });
  const nameIndex = new Map();
  const names = [];
  let src = 0, line = 0, col = 0, name = 0;
  let oSrc = 0, oLine = 0, oCol = 0, oName = 0;
  const lines = map.mappings.split(';').map((text) => {
    let gen = 0, oGen = 0;
    let unmapped = false;
    const kept = [];
    for (const seg of text ? text.split(',') : []) {
      const v = decodeVlq(seg);
      gen += v[0];
      if (v.length >= 4) {
        src += v[1]; line += v[2]; col += v[3];
        if (v.length >= 5) name += v[4];
      }
      if (v.length < 4 || !keep[src]) {
        // Unmapped from here on, so a dependency's frame is never reported as a line of ours.
        if (!unmapped) kept.push(encodeVlq(gen - oGen));
        if (!unmapped) oGen = gen;
        unmapped = true;
        continue;
      }
      unmapped = false;
      const s = sourceIndex[src];
      let out = encodeVlq(gen - oGen) + encodeVlq(s - oSrc) + encodeVlq(line - oLine) + encodeVlq(col - oCol);
      oGen = gen; oSrc = s; oLine = line; oCol = col;
      if (v.length >= 5) {
        const original = map.names[name];
        if (!nameIndex.has(original)) { nameIndex.set(original, names.length); names.push(original); }
        const n = nameIndex.get(original);
        out += encodeVlq(n - oName);
        oName = n;
      }
      kept.push(out);
    }
    return kept.join(',');
  });
  const { sourcesContent: _dropped, ...rest } = map;
  return { ...rest, sources, names, mappings: lines.join(';') };
}

/** Rewrites every source map the build wrote (serverless-esbuild writes them beside the bundles). */
function firstPartySourceMaps() {
  return {
    name: 'first-party-source-maps',
    setup(build) {
      if (!build.initialOptions.sourcemap) return;
      build.initialOptions.metafile = true;
      build.onEnd((result) => {
        if (!result.metafile || build.initialOptions.write === false) return;
        const fs = require('node:fs');
        const cwd = build.initialOptions.absWorkingDir || process.cwd();
        for (const out of Object.keys(result.metafile.outputs)) {
          if (!out.endsWith('.map')) continue;
          const file = path.resolve(cwd, out);
          fs.writeFileSync(file, JSON.stringify(trimSourceMap(JSON.parse(fs.readFileSync(file, 'utf8')))));
        }
      });
    },
  };
}

/** The plugins every Lambda bundle is built with. */
function lambdaPlugins() {
  return [zodChineseLocalesOnly(), qrcodeWithoutPng(), alipayWithoutUrllib(), nodeHttpWithoutUndici(), firstPartySourceMaps()];
}

module.exports = lambdaPlugins();
module.exports.zodChineseLocalesOnly = zodChineseLocalesOnly;
module.exports.qrcodeWithoutPng = qrcodeWithoutPng;
module.exports.trimSourceMap = trimSourceMap;
module.exports.nodeHttpWithoutUndici = nodeHttpWithoutUndici;
module.exports.alipayWithoutUrllib = alipayWithoutUrllib;
module.exports.lambdaPlugins = lambdaPlugins;
