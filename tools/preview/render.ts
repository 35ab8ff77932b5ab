/**
 * AXML to HTML, for previews in a real browser. A page's template is rendered with its `data`:
 * `{{ }}` bindings, a:if / a:elif / a:else, a:for (with a:for-item, a:for-index), <block>,
 * <template name/is/data>, <import-sjs>, and the components its `usingComponents` names (antd-mini's or
 * the project's), each rendered from its own AXML with its own script's data and its slots.
 * Native tags map to HTML elements styled like the runtime's (see styles.ts). A tag that is neither
 * native-and-known nor a declared component throws: a preview must never silently drop part of a page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAxml, type AxmlElement } from '../check-mini';
import { antdRoot } from '../mini-build';
import { bindText, bindValue, evaluate, type Scope } from './expressions';
import { instantiate, loadComponent, loadSjs } from './runtime';

/** Native tags the renderer draws, and the HTML element each becomes. */
export const NATIVE_TAGS: Readonly<Record<string, string>> = {
  view: 'div',
  text: 'span',
  image: 'img',
  button: 'button',
  input: 'input',
  textarea: 'textarea',
  picker: 'div',
  label: 'label',
  checkbox: 'span',
  radio: 'span',
  'scroll-view': 'div',
  navigator: 'a',
};

/** Tags with a meaning, not an element of their own. */
export const STRUCTURAL_TAGS = ['block', 'slot', 'template', 'import-sjs'] as const;

export class UnknownTagError extends Error {}

type Node = AxmlElement | { text: string; line: number };
const isElement = (node: Node): node is AxmlElement => 'tag' in node;

/** A parsed AXML file with what its tags resolve to. */
interface Template {
  file: string;
  dir: string;
  root: AxmlElement;
  components: Record<string, string>;
  sjs: Record<string, unknown>;
  templates: Map<string, AxmlElement>;
}

interface Slots {
  /** Children given to a component, by slot name ('' for the default), rendered in the caller's scope. */
  byName: Map<string, { nodes: Node[]; scope: Scope; template: Template; slots: Slots }>;
}

export interface RenderContext {
  appDir: string;
  /** Every ACSS file the render used (app, page, components), in order, for the stylesheet. */
  styles: Set<string>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

const templateCache = new Map<string, Template>();

/** Parses `<base>.axml` with `<base>.json`'s components; `base` is a path without extension. */
function loadTemplate(base: string, appDir: string): Template {
  const file = `${base}.axml`;
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const source = readFileSync(file, 'utf8');
  const jsonText = existsSync(`${base}.json`) ? readFileSync(`${base}.json`, 'utf8') : '{}';
  // Keyed by content: a page edited between two renders (a watch, a test) is parsed again.
  const key = `${file}\u0000${source}\u0000${jsonText}`;
  const cached = templateCache.get(key);
  if (cached) return cached;
  const { root, problems } = parseAxml(source);
  if (problems.length > 0) throw new Error(`${file}:${problems[0]!.line} is not well formed: ${problems[0]!.message}`);
  const json = JSON.parse(jsonText) as { usingComponents?: Record<string, string> };
  const dir = dirname(file);
  const components: Record<string, string> = {};
  for (const [tag, path] of Object.entries(json.usingComponents ?? {})) components[tag] = resolveComponent(appDir, dir, path);
  const template: Template = { file, dir, root, components, sjs: {}, templates: new Map() };
  const collect = (el: AxmlElement) => {
    if (el.tag === 'import-sjs') {
      const from = attribute(el, 'from');
      const name = attribute(el, 'name');
      if (!from || !name) throw new Error(`${file}:${el.line} <import-sjs> needs from and name`);
      template.sjs[name] = loadSjs(from.startsWith('/') ? join(appDir, from) : resolve(dir, from));
    } else if (el.tag === 'template' && attribute(el, 'name')) template.templates.set(attribute(el, 'name')!, el);
    el.children.forEach(collect);
  };
  collect(root);
  templateCache.set(key, template);
  return template;
}

function resolveComponent(appDir: string, fromDir: string, path: string): string {
  if (path.startsWith('antd-mini/')) return join(antdRoot(), path.slice('antd-mini/'.length));
  if (path.startsWith('/')) return join(appDir, path);
  if (path.startsWith('.')) return resolve(fromDir, path);
  throw new Error(`component path "${path}" is neither antd-mini/…, /… nor relative`);
}

function attribute(el: AxmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name)?.value;
}

function where(template: Template, el: AxmlElement, appDir: string): string {
  return `${relative(appDir, template.file).startsWith('..') ? template.file : relative(appDir, template.file)}:${el.line}`;
}

/** Renders a page's template with its data; throws on any tag it cannot draw. */
export function renderPage(appDir: string, route: string, data: Record<string, unknown>, ctx: RenderContext): string {
  const base = join(appDir, route);
  const template = loadTemplate(base, appDir);
  if (existsSync(join(appDir, 'app.acss'))) ctx.styles.add(join(appDir, 'app.acss'));
  if (existsSync(`${base}.acss`)) ctx.styles.add(`${base}.acss`);
  return renderNodes(template.root.nodes, { ...template.sjs, ...data }, template, { byName: new Map() }, ctx);
}

function renderNodes(nodes: Node[], scope: Scope, template: Template, slots: Slots, ctx: RenderContext): string {
  let html = '';
  // a:elif / a:else look back at the chain of the siblings before them.
  let chainTaken: boolean | undefined;
  for (const node of nodes) {
    if (!isElement(node)) {
      html += escapeHtml(bindText(node.text, scope));
      continue;
    }
    // a:for comes before a:if on one element, as in the runtime: the condition is read per item.
    if (attribute(node, 'a:for') !== undefined) {
      chainTaken = undefined;
      html += renderRepeated(node, scope, template, slots, ctx);
      continue;
    }
    const cond = attribute(node, 'a:if');
    const elif = attribute(node, 'a:elif');
    const isElse = node.attributes.some((a) => a.name === 'a:else');
    if (cond !== undefined) {
      chainTaken = Boolean(bindValue(cond, scope));
      if (!chainTaken) continue;
    } else if (elif !== undefined || isElse) {
      if (chainTaken === undefined) throw new Error(`${where(template, node, ctx.appDir)} ${elif !== undefined ? 'a:elif' : 'a:else'} without an a:if before it`);
      if (chainTaken) continue;
      if (elif !== undefined) {
        chainTaken = Boolean(bindValue(elif, scope));
        if (!chainTaken) continue;
      } else chainTaken = undefined;
    } else chainTaken = undefined;
    html += renderRepeated(node, scope, template, slots, ctx);
  }
  return html;
}

function renderRepeated(el: AxmlElement, scope: Scope, template: Template, slots: Slots, ctx: RenderContext): string {
  const forAttr = attribute(el, 'a:for');
  if (forAttr === undefined) return renderElement(el, scope, template, slots, ctx);
  const list = bindValue(forAttr, scope);
  const itemName = attribute(el, 'a:for-item') ?? 'item';
  const indexName = attribute(el, 'a:for-index') ?? 'index';
  const entries: [unknown, unknown][] = Array.isArray(list)
    ? list.map((v, i) => [i, v])
    : typeof list === 'number'
      ? Array.from({ length: list }, (_v, i) => [i, i + 1])
      : list && typeof list === 'object'
        ? Object.entries(list)
        : [];
  const cond = attribute(el, 'a:if');
  return entries
    .map(([index, item]) => ({ ...scope, [itemName]: item, [indexName]: index }))
    .filter((itemScope) => cond === undefined || Boolean(bindValue(cond, itemScope)))
    .map((itemScope) => renderElement(el, itemScope, template, slots, ctx))
    .join('');
}

const DIRECTIVES = new Set(['a:if', 'a:elif', 'a:else', 'a:for', 'a:for-item', 'a:for-index', 'a:key', 'key']);

function renderElement(el: AxmlElement, scope: Scope, template: Template, slots: Slots, ctx: RenderContext): string {
  for (const a of el.attributes) {
    if (a.name.startsWith('a:') && !DIRECTIVES.has(a.name)) throw new UnknownTagError(`${where(template, el, ctx.appDir)} <${el.tag} ${a.name}>: the preview does not know the directive ${a.name}`);
  }
  const children = () => renderNodes(el.nodes, scope, template, slots, ctx);
  switch (el.tag) {
    case 'block':
      return children();
    case 'import-sjs':
      return '';
    case 'template': {
      if (attribute(el, 'name') !== undefined) return '';
      const name = bindValue(attribute(el, 'is') ?? '', scope);
      const target = template.templates.get(String(name));
      if (!target) throw new Error(`${where(template, el, ctx.appDir)} <template is="${String(name)}"> names no template in this file`);
      const dataAttr = attribute(el, 'data');
      // data="{{ a, b }}" is an object written without braces.
      const inner = dataAttr ? /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(dataAttr) : null;
      const data = inner ? (evaluate(`{${inner[1]}}`, scope) as Scope) : {};
      return renderNodes(target.nodes, { ...template.sjs, ...data }, template, slots, ctx);
    }
    case 'slot': {
      const given = slots.byName.get(attribute(el, 'name') ?? '');
      // Content given by the caller renders in the caller's scope (with the caller's own slots, which a
      // component forwarding a slot needs); when it renders to nothing, the slot's own fallback shows.
      const html = given ? renderNodes(given.nodes, given.scope, given.template, given.slots, ctx) : '';
      return html.trim() !== '' ? html : children();
    }
  }
  const component = template.components[el.tag];
  if (component !== undefined) return renderComponent(el, component, scope, template, slots, ctx);
  const htmlTag = NATIVE_TAGS[el.tag];
  if (htmlTag === undefined) {
    throw new UnknownTagError(
      `${where(template, el, ctx.appDir)} <${el.tag}> is neither a native tag the preview draws (${Object.keys(NATIVE_TAGS).join(', ')}) nor a component in usingComponents`,
    );
  }
  return renderNative(el, htmlTag, scope, children, template, ctx);
}

/** A boolean attribute: present without a value is true, "false" and empty are false. */
function boolAttr(el: AxmlElement, name: string, scope: Scope): boolean {
  const raw = attribute(el, name);
  if (raw === undefined) return false;
  const value = bindValue(raw, scope);
  return typeof value === 'string' ? value !== '' && value !== 'false' : Boolean(value);
}

const IMAGE_FIT: Record<string, string> = { aspectFit: 'contain', aspectFill: 'cover', scaleToFill: 'fill', widthFix: 'fill', heightFix: 'fill' };

function renderNative(el: AxmlElement, htmlTag: string, scope: Scope, children: () => string, template: Template, ctx: RenderContext): string {
  const value = (name: string) => {
    const raw = attribute(el, name);
    return raw === undefined ? undefined : bindValue(raw, scope);
  };
  const classes = [`mp-${el.tag}`, String(value('class') ?? '')];
  const style = [String(value('style') ?? '')];
  const attrs: string[] = [`data-axml="${escapeAttr(`${relative(ctx.appDir, template.file)}:${el.line}`)}"`];
  if (value('id')) attrs.push(`id="${escapeAttr(String(value('id')))}"`);
  if (boolAttr(el, 'hidden', scope)) style.push('display:none');
  let inner = '';
  let selfClosing = false;
  switch (el.tag) {
    case 'image': {
      const src = String(value('src') ?? '');
      const mode = String(value('mode') ?? 'scaleToFill');
      if (!IMAGE_FIT[mode]) throw new UnknownTagError(`${where(template, el, ctx.appDir)} <image mode="${mode}"> is a mode the preview does not draw`);
      attrs.push(`src="${escapeAttr(src.startsWith('/') ? join(ctx.appDir, src) : src)}"`);
      style.push(`object-fit:${IMAGE_FIT[mode]}`);
      if (mode === 'widthFix') style.push('height:auto');
      if (mode === 'heightFix') style.push('width:auto');
      selfClosing = true;
      break;
    }
    case 'input': {
      const type = String(value('type') ?? 'text');
      attrs.push(`type="${boolAttr(el, 'password', scope) ? 'password' : 'text'}"`, `data-type="${escapeAttr(type)}"`);
      attrs.push(`value="${escapeAttr(String(value('value') ?? ''))}"`);
      if (value('placeholder')) attrs.push(`placeholder="${escapeAttr(String(value('placeholder')))}"`);
      if (boolAttr(el, 'disabled', scope)) attrs.push('disabled');
      selfClosing = true;
      break;
    }
    case 'textarea':
      if (value('placeholder')) attrs.push(`placeholder="${escapeAttr(String(value('placeholder')))}"`);
      inner = escapeHtml(String(value('value') ?? ''));
      break;
    case 'button': {
      const type = String(value('type') ?? 'default');
      classes.push(`mp-button-${type}`);
      if (value('size') === 'mini') classes.push('mp-button-mini');
      if (boolAttr(el, 'disabled', scope)) {
        classes.push('mp-button-disabled');
        attrs.push('disabled');
      }
      inner = (boolAttr(el, 'loading', scope) ? '<span class="mp-button-loading"></span>' : '') + children();
      break;
    }
    case 'checkbox':
    case 'radio':
      if (boolAttr(el, 'checked', scope)) classes.push(`mp-${el.tag}-checked`);
      if (boolAttr(el, 'disabled', scope)) classes.push(`mp-${el.tag}-disabled`);
      inner = children();
      break;
    default:
      inner = children();
  }
  attrs.unshift(`class="${escapeAttr(classes.join(' ').replace(/\s+/g, ' ').trim())}"`);
  const styleText = style.filter((s) => s.trim() !== '').join(';');
  if (styleText) attrs.push(`style="${escapeAttr(styleText)}"`);
  return selfClosing ? `<${htmlTag} ${attrs.join(' ')}>` : `<${htmlTag} ${attrs.join(' ')}>${inner}</${htmlTag}>`;
}

function renderComponent(el: AxmlElement, base: string, scope: Scope, template: Template, callerSlots: Slots, ctx: RenderContext): string {
  const props: Record<string, unknown> = {};
  for (const a of el.attributes) {
    if (DIRECTIVES.has(a.name) || a.name === 'slot') continue;
    // A handler attribute names a page method; the component only needs to know one is bound.
    if (/^(on|catch)[A-Z]/.test(a.name)) props[a.name] = function boundHandler() {};
    else props[a.name] = bindValue(a.value, scope);
  }
  let instance;
  try {
    instance = instantiate(loadComponent(base), props);
  } catch (error) {
    throw new Error(`${where(template, el, ctx.appDir)} <${el.tag}>: its script failed on the first render: ${(error as Error).stack ?? String(error)}`);
  }
  const own = loadTemplate(base, ctx.appDir);
  if (existsSync(`${base}.acss`)) ctx.styles.add(`${base}.acss`);
  const slots: Slots = { byName: new Map() };
  for (const child of el.nodes) {
    const name = isElement(child) ? (attribute(child, 'slot') ?? '') : '';
    const entry = slots.byName.get(name) ?? { nodes: [], scope, template, slots: callerSlots };
    entry.nodes.push(child);
    slots.byName.set(name, entry);
  }
  const inner = renderNodes(own.root.nodes, { ...own.sjs, ...instance.props, ...instance.data, props: instance.props }, own, slots, ctx);
  return `<div class="mp-component" data-component="${escapeAttr(el.tag)}">${inner}</div>`;
}
