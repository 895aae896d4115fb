/** The page kinds a screen announces in connection_init (`{ screen, version }`) and /metrics counts. */
export const SCREEN_KINDS = ['competition', 'feed', 'site', 'dashboard'] as const;
export type ScreenKind = (typeof SCREEN_KINDS)[number];
