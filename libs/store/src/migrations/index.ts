import { InitialSchema1732406400000 } from './1732406400000-initial-schema';

/** In order. Add new migrations at the end; never edit one that has shipped. */
export const STORE_MIGRATIONS = [InitialSchema1732406400000];
