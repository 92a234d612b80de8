/**
 * Hands a text file to the browser's (or Electron's) download handling through a Blob link:
 * no file system access from the renderer, no navigation away from the kiosk.
 */
export function downloadTextFile(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has been handed over by now; the URL only needs to outlive this task.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
