// A prom-client Histogram whose series come from bucket counts kept elsewhere (MetricCounters), so the
// primary of a cluster can expose histograms added up from its workers. prom-client has no public way to
// set bucket counts, so this overrides the method its Registry reads when rendering (getForPromString,
// present in prom-client 15; Histogram.get() goes through it too). metrics.test.ts renders it, so a
// prom-client upgrade that changes this breaks a test rather than the scrape.
import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { LatencyHistogramState } from './metric-counters.js';

interface SeriesValue {
  value: number;
  labels: Record<string, string | number>;
  /** Labels shared by every line of one series; prom-client's formatter merges them in. */
  sharedLabels: Record<string, string>;
  metricName: string;
}

interface RenderedHistogram {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  values: SeriesValue[];
}

interface CountedHistogramOptions {
  name: string;
  help: string;
  /** The label naming each series (one label; that is all the edge needs). */
  labelName: string;
  boundsSeconds: readonly number[];
  registry: Registry;
  /** Read at every scrape. */
  source: () => ReadonlyMap<string, LatencyHistogramState>;
}

export class CountedHistogram extends Histogram {
  private readonly options: CountedHistogramOptions;

  constructor(options: CountedHistogramOptions) {
    super({
      name: options.name,
      help: options.help,
      labelNames: [options.labelName],
      buckets: [...options.boundsSeconds],
      registers: [options.registry],
    });
    this.options = options;
  }

  /** What prom-client's Registry renders; the shape is that of Histogram's own implementation. */
  getForPromString(): Promise<RenderedHistogram> {
    const { name, help, labelName, boundsSeconds, source } = this.options;
    const values: SeriesValue[] = [];
    for (const [labelValue, state] of source()) {
      const sharedLabels = { [labelName]: labelValue };
      let cumulative = 0;
      boundsSeconds.forEach((bound, i) => {
        cumulative += state.counts[i] ?? 0;
        values.push({ value: cumulative, labels: { le: bound }, sharedLabels, metricName: `${name}_bucket` });
      });
      values.push(
        { value: state.count, labels: { le: '+Inf' }, sharedLabels, metricName: `${name}_bucket` },
        { value: state.sumSeconds, labels: {}, sharedLabels, metricName: `${name}_sum` },
        { value: state.count, labels: {}, sharedLabels, metricName: `${name}_count` },
      );
    }
    return Promise.resolve({ name, help, type: 'histogram', aggregator: 'sum', values });
  }
}
