import { theme, type ThemeConfig } from 'antd';

export const HEADER_BG = '#0b2a5b';

/** Dense but legible: 14 px text, 30 px controls, tighter spacing than antd's default. */
export const appTheme: ThemeConfig = {
  algorithm: theme.defaultAlgorithm,
  token: {
    colorPrimary: '#1456c8',
    colorInfo: '#1456c8',
    fontSize: 14,
    controlHeight: 30,
    sizeStep: 3,
    borderRadius: 4,
    fontFamily:
      '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Hiragino Sans GB", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  },
  components: {
    Layout: { headerBg: HEADER_BG, headerHeight: 48, headerPadding: '0 12px', bodyBg: '#eef2f7' },
    Menu: { darkItemBg: HEADER_BG, darkPopupBg: HEADER_BG, darkItemSelectedBg: '#1d4f9c', itemHeight: 48 },
    Table: { cellPaddingBlockSM: 5, cellPaddingInlineSM: 8 },
    Descriptions: { itemPaddingBottom: 4 },
  },
};
