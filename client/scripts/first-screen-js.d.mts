export declare const FIRST_SCREEN_JS_BUDGET_KB: number;
export declare function firstScreenJs(dist: string): { kb: number; files: string[] };
