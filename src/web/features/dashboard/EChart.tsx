import { useEffect, useRef } from 'react';
import { Box } from '@mantine/core';
import { echarts, type ECharts, type EChartsOption } from './echarts.js';

/**
 * One ECharts chart in a box that follows its width. `option` replaces the whole chart when it
 * changes; `onReady` gets the instance after each change (to wire clicks).
 */
export function EChart({
  option,
  height,
  onReady,
  label,
  ...rest
}: {
  option: EChartsOption;
  height: number | string;
  onReady?: (chart: ECharts) => void | (() => void);
  label: string;
  'data-testid'?: string;
  [data: `data-${string}`]: string | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.setOption(option, { notMerge: true });
    return onReady?.(instance) ?? undefined;
  }, [option, onReady]);

  return <Box ref={box} h={height} w="100%" role="img" aria-label={label} {...rest} />;
}
