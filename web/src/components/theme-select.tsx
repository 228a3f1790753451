import { THEMES, type Theme, theme } from "../lib/theme";

const LABEL: Record<Theme, string> = { system: "System theme", light: "Light", dark: "Dark" };

/** System / light / dark, as a native select: keyboard and screen readers know it already. */
export function ThemeSelect() {
  return (
    <label class="theme-select">
      <span class="visually-hidden">Colour theme</span>
      <select value={theme.value} onChange={(e) => (theme.value = e.currentTarget.value as Theme)}>
        {THEMES.map((value) => (
          <option key={value} value={value}>
            {LABEL[value]}
          </option>
        ))}
      </select>
    </label>
  );
}
