
export interface TrackBar {
  title: string;
  /** 0 to 1. */
  completed: number;
  mastery: number;
}

/**
 * A small chart that reads faster than numbers: per track, lessons completed and mastery as
 * two bars. Drawn with a maintained canvas library; system fonts only.
 */
export async function progressPicture(name: string, tracks: readonly TrackBar[]): Promise<Buffer> {
  // Loaded on first use: the native canvas costs memory a bot that never draws should not pay.
  const { createCanvas } = await import('@napi-rs/canvas');
  const rowHeight = 34;
  const width = 680;
  const labelWidth = 230;
  const barWidth = width - labelWidth - 110;
  const height = 64 + tracks.length * rowHeight + 30;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#2b2d31';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#f2f3f5';
  context.font = 'bold 20px sans-serif';
  context.fillText(fitLabel(name, labelWidth - 28, (text) => context.measureText(text).width, 1)[0] ?? '', 16, 32);
  context.font = '13px sans-serif';
  context.fillStyle = '#57f287';
  context.fillText('■ lessons completed', labelWidth, 32);
  context.fillStyle = '#5865f2';
  context.fillText('■ mastery', labelWidth + 160, 32);

  tracks.forEach((track, index) => {
    const top = 56 + index * rowHeight;
    context.fillStyle = '#dbdee1';
    context.font = '13px sans-serif';
    const label = fitLabel(track.title, labelWidth - 28, (text) => context.measureText(text).width);
    label.forEach((line, at) => context.fillText(line, 16, top + (label.length === 1 ? 18 : 11 + at * 15)));
    const bars: [number, string][] = [
      [track.completed, '#57f287'],
      [track.mastery, '#5865f2'],
    ];
    bars.forEach(([value, colour], bar) => {
      const y = top + bar * 12;
      context.fillStyle = '#404249';
      context.fillRect(labelWidth, y + 4, barWidth, 9);
      context.fillStyle = colour;
      context.fillRect(labelWidth, y + 4, Math.round(barWidth * Math.min(1, Math.max(0, value))), 9);
    });
    context.fillStyle = '#b5bac1';
    context.font = '12px sans-serif';
    context.fillText(`${Math.round(track.completed * 100)}% · ${Math.round(track.mastery * 100)}%`, labelWidth + barWidth + 8, top + 16);
  });
  return canvas.toBuffer('image/png');
}

/**
 * A label in at most `lines` lines of `width`: wrapped between words, and only when even that
 * does not fit, the last line ends in an ellipsis after a whole word. A word is never cut.
 */
export function fitLabel(text: string, width: number, measure: (text: string) => number, lines = 2): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const result: string[] = [];
  let current = '';
  for (const [index, word] of words.entries()) {
    const candidate = current ? `${current} ${word}` : word;
    if (measure(candidate) <= width || !current) {
      current = candidate;
      continue;
    }
    if (result.length === lines - 1) return [...result, ellipsis(`${current} ${words.slice(index).join(' ')}`, width, measure)];
    result.push(current);
    current = word;
  }
  if (current) result.push(current);
  return result;
}

/** The last line with "…" where the rest would go, dropping whole words until it fits. */
function ellipsis(line: string, width: number, measure: (text: string) => number): string {
  const words = line.split(' ');
  while (words.length > 1 && measure(`${words.join(' ')}…`) > width) words.pop();
  return `${words.join(' ')}…`;
}

/** What the chart says, for screen readers and for anyone whose client does not load images. */
export function progressPictureDescription(name: string, tracks: readonly TrackBar[]): string {
  const parts = tracks.map((track) => `${track.title}: ${Math.round(track.completed * 100)}% of lessons completed, ${Math.round(track.mastery * 100)}% mastery`);
  const text = `Bar chart of ${name}'s progress per track. ${parts.join('; ')}.`;
  return text.length <= 1024 ? text : `${text.slice(0, 1023)}…`;
}
