/** id of <main>: target of the skip link and of the focus after navigation. */
export const MAIN_CONTENT_ID = 'main-content';
