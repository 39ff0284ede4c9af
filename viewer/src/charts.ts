import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Analysis } from './analysis.ts';
import { css, type ClassStyle } from './colors.ts';

/** Small time-series charts with a cursor line that follows the timeline. */
export class Charts {
  private readonly plots: uPlot[] = [];
  private timeS = 0;

  constructor(host: HTMLElement, a: Analysis, classes: ClassStyle, width = 300) {
    host.replaceChildren();
    const cursorLine = (u: uPlot) => {
      const x = u.valToPos(this.timeS, 'x', true);
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = '#ffffffaa';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.restore();
    };
    const common = (title: string): Partial<uPlot.Options> => ({
      title, width, height: 110, legend: { show: true, live: false }, cursor: { show: false },
      axes: [{ stroke: '#8892a6', grid: { stroke: '#2a3140' }, values: (_u, v) => v.map((s) => `${Math.round(s / 60)}m`) }, { stroke: '#8892a6', grid: { stroke: '#2a3140' }, size: 40 }],
      scales: { x: { time: false } }, hooks: { draw: [cursorLine] },
    });
    const mk = (opts: Partial<uPlot.Options>, data: uPlot.AlignedData) => {
      const div = document.createElement('div');
      host.appendChild(div);
      this.plots.push(new uPlot(opts as uPlot.Options, data, div));
    };
    mk({ ...common('Agents in the air / on the road'), series: [{}, ...classes.labels.map((label, i) => ({ label, stroke: css(classes.colors[i]) }))] },
      [a.frameTimeS, ...a.airborne]);
    mk({ ...common('Conflicts / LoS per minute'), series: [{}, { label: 'conflicts', stroke: '#ffca28' }, { label: 'LoS', stroke: '#ef5350' }] },
      [a.minuteS, a.conflictsPerMin, a.losPerMin]);
    mk({ ...common('Mean pad-hold delay (s)'), series: [{}, { label: 'delay', stroke: '#ba68c8' }] }, [a.minuteS, a.meanHoldDelayS]);
  }

  setTime(timeS: number): void {
    this.timeS = timeS;
    for (const p of this.plots) p.redraw(false, false);
  }

  destroy(): void {
    for (const p of this.plots) p.destroy();
  }
}
