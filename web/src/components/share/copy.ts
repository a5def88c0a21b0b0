import { toast } from '../../lib/toast-store';

/** Copies text, falling back to a selection copy where the Clipboard API is unavailable (plain http). */
export async function copyText(text: string, what = 'Link'): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    toast.success(`${what} copied to the clipboard.`);
    return;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (copied) toast.success(`${what} copied to the clipboard.`);
    else toast.error(`The browser refused to copy. Select the ${what.toLowerCase()} and copy it by hand.`);
  }
}
