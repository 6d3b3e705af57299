/** The feature modules the API serves; each feature adds its module here. */
export const FEATURE_MODULES: any[] = [];
