/**
 * First file of an app's process. When the daemon runs with Node's compile cache
 * (NODE_COMPILE_CACHE), it names the cache's folder as this process's argument, and the cache is
 * turned on here, before the host and the app load: a restarted app then skips stripping and
 * compiling the same files again. An argument, not the environment, because an app's environment
 * holds only what the config gives it.
 */
import module from 'node:module';

const cacheDir = process.argv[2];
if (cacheDir) module.enableCompileCache(cacheDir);
await import('./app-host.ts');
// Written now, not at exit: the next app (a thread app in the same host) then starts from the cache.
if (cacheDir) module.flushCompileCache();
