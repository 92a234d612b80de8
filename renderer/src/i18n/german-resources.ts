import { de } from './de';
import { languageResources } from './i18n-resources';
import { germanMessages, germanTerms } from '../../../shared/contract/messages-de';

/** German for i18next; its own chunk, loaded when German is chosen (see languages.ts). */
export const germanResources = languageResources(de, germanMessages, germanTerms);
