/**
 * The target named with kind 'batch' (each message names its own). Apart from app.ts so the SDK
 * can name it without loading the app API's schemas.
 */
export const BATCH_TARGET = '*';
