import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** The deep red of the public-security forces, lightest to darkest. */
const brand: MantineColorsTuple = [
  '#fdeeee',
  '#f6d6d6',
  '#eba9a9',
  '#e07a7a',
  '#d65353',
  '#cf3a3a',
  '#b82d2d',
  '#9b2222',
  '#7f1b1b',
  '#631313',
];

const systemFonts =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif";

/** Names for Mantine's icon-only buttons, in the interface language. */
export interface ThemeLabels {
  close: string;
  clear: string;
  togglePassword: string;
}

export function makeTheme(labels: ThemeLabels) {
  return createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  colors: { brand },
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts, fontWeight: '650' },
  defaultRadius: 'sm',
  cursorType: 'pointer',
  components: {
    PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': labels.togglePassword } } },
    Select: { defaultProps: { clearButtonProps: { 'aria-label': labels.clear } } },
    DateInput: { defaultProps: { clearButtonProps: { 'aria-label': labels.clear } } },
    Alert: { defaultProps: { closeButtonLabel: labels.close } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': labels.close } } },
    Button: { defaultProps: { fw: 600 } },
    Paper: { defaultProps: { radius: 'md' } },
    Card: { defaultProps: { radius: 'md' } },
    Modal: {
      defaultProps: {
        centered: true,
        radius: 'md',
        overlayProps: { backgroundOpacity: 0.45, blur: 2 },
        closeButtonProps: { 'aria-label': labels.close },
      },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    // A long badge (an audit action, a status) wraps on a narrow screen instead of being cut off.
    Badge: {
      defaultProps: { radius: 'sm', tt: 'none' },
      styles: {
        root: { fontWeight: 600, height: 'auto', minHeight: 'var(--badge-height)', maxWidth: '100%' },
        label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.25, paddingBlock: 2 },
      },
    },
  },
});
}
