
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
  context.fillText(name.slice(0, 40), 16, 32);
  context.font = '13px sans-serif';
  context.fillStyle = '#57f287';
  context.fillText('■ lessons completed', labelWidth, 32);
  context.fillStyle = '#5865f2';
  context.fillText('■ mastery', labelWidth + 160, 32);

  tracks.forEach((track, index) => {
    const top = 56 + index * rowHeight;
    context.fillStyle = '#dbdee1';
    context.font = '14px sans-serif';
    context.fillText(track.title.slice(0, 28), 16, top + 18);
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
