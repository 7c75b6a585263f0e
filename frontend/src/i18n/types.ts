import type de from './de';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** The shape every language must fill: the German texts' keys, with any strings. */
export type Messages = DeepStrings<typeof de>;
