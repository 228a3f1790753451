import { effect, signal } from "@preact/signals";

/** The colour scheme: the system's, or one chosen in the app and remembered on this device. */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

const KEY = "tubelist.theme";

function stored(): Theme {
  try {
    const value = localStorage.getItem(KEY);
    return THEMES.includes(value as Theme) ? (value as Theme) : "system";
  } catch {
    return "system";
  }
}

export const theme = signal<Theme>(stored());

/**
 * Applies the theme to <html data-theme> (the CSS picks colours with light-dark(), so "system"
 * simply leaves color-scheme to the media query) and remembers it. Call once at start-up.
 */
export function followTheme(): () => void {
  return effect(() => {
    const value = theme.value;
    if (value === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = value;
    try {
      if (value === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, value);
    } catch {
      // No storage (private mode): the choice lasts as long as the tab.
    }
  });
}
