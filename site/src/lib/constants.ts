// Layout constants shared by the loaders, the pages and the browser scripts.

/** Traces per trace page (pages are /traces/<n>/, anchors per trace). */
export const TRACES_PER_PAGE = 100;
/** Leaderboard rows per table page in the browser. */
export const LEADERBOARD_PAGE_ROWS = 100;
/** Rows rendered into the leaderboard HTML before the script takes over. */
export const LEADERBOARD_STATIC_ROWS = 50;
