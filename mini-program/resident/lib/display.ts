/**
 * Text size for the resident app: elder mode (长辈模式), chosen on home or in account settings, and the
 * host app's font-size setting. Pages put `displayClass` on their root view; app.acss scales from it.
 * Pure.
 */

export interface DisplayPrefs {
  elder: boolean;
}

/** Alipay's standard `fontSizeSetting`; larger settings step the text up. */
const STANDARD_FONT_PX = 16;

export type TextSize = 'normal' | 'large' | 'xlarge';

/**
 * The text size: the host's setting, and at least "large" in elder mode.
 * @example textSize({ elder: false }, 20) === 'xlarge'
 */
export function textSize(prefs: DisplayPrefs | undefined, hostFontPx: number | undefined): TextSize {
  const host: TextSize = hostFontPx === undefined || hostFontPx <= STANDARD_FONT_PX ? 'normal' : hostFontPx < 20 ? 'large' : 'xlarge';
  if (prefs?.elder) return host === 'xlarge' ? 'xlarge' : 'large';
  return host;
}

/** A stored value read back as preferences; anything odd means the standard mode. */
export function asDisplayPrefs(value: unknown): DisplayPrefs {
  return { elder: (value as { elder?: unknown } | undefined)?.elder === true };
}

/** What a page binds: the root class and whether elder mode is on. */
export function displayView(stored: unknown, hostFontPx: number | undefined) {
  const prefs = asDisplayPrefs(stored);
  const size = textSize(prefs, hostFontPx);
  return {
    elder: prefs.elder,
    displayClass: `${prefs.elder ? 'elder ' : ''}text-${size}`,
  };
}
