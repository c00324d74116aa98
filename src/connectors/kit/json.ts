/** An answer body as JSON, or undefined when it is empty or not JSON (the status then speaks alone). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
