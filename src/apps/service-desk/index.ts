import { createServiceDeskApp } from './app.ts';
import { loadCatalogue } from './catalogue/index.ts';
import { createSearch } from './search/index.ts';

/** builtin:service-desk — see app.ts and docs/service-desk.md. */
export default createServiceDeskApp({ load: loadCatalogue, search: createSearch });
