import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../shared/dashboard.js';
import { useFormat } from '../../i18n/useFormat.js';
import { monthEnd } from '../../lib/dates.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { EChart } from './EChart.js';
import type { ECharts, EChartsOption } from './echarts.js';
import { monthLabel, typeColor } from './labels.js';
import { Section } from './SectionHeading.js';

type Measure = 'groups' | 'members';

/**
 * Groups (or members) per model type at each month end; a click on a month opens the census of
 * that month. Months before the area was formed are shaded: they add up what it was formed from.
 */
export function TrendChart({ series, onOpenMonth }: { series: Dashboard['series']; onOpenMonth: (date: string) => void }) {
  const { t } = useTranslation('dashboard');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const [measure, setMeasure] = useState<Measure>('groups');

  const option = useMemo<EChartsOption>(() => {
    const labels = series.points.map((p) => monthLabel(p.month, fmt.lang));
    const shown = series.types
      .map((s, i) => ({ ...s, color: typeColor(i) }))
      .filter((s) => (measure === 'groups' ? true : s.members.some((v) => v !== null)));
    const formed = series.points.map((p, i) => (p.from === 'formedFrom' ? i : -1)).filter((i) => i >= 0);
    return {
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.number(v) : '—') },
      legend: { type: 'scroll', bottom: 0, icon: 'roundRect', itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 12 } },
      grid: { left: 8, right: 16, top: 16, bottom: isPhone ? 56 : 40 },
      xAxis: { type: 'category', data: labels, boundaryGap: false, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmt.number(v) } },
      series: shown.map((s, i) => ({
        type: 'line',
        name: s.type.name,
        color: s.color,
        data: measure === 'groups' ? s.groups : s.members,
        showSymbol: series.points.length <= 36,
        symbolSize: 6,
        emphasis: { focus: 'series' },
        ...(i === 0 && formed.length > 0
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: 'rgba(134, 142, 150, 0.08)' },
                label: { show: !isPhone, position: 'insideTop', color: '#868e96', fontSize: 11, formatter: t('trend.formedFrom') },
                data: [[{ xAxis: labels[formed[0]!] }, { xAxis: labels[formed[formed.length - 1]!] }]],
              },
            }
          : {}),
      })),
    };
  }, [series, measure, fmt.lang, isPhone, t]);

  // A click anywhere above a month opens it, not only on a point (a finger rarely hits one).
  const onReady = useCallback(
    (chart: ECharts) => {
      const zr = chart.getZr();
      const onClick = (e: { offsetX: number; offsetY: number }) => {
        if (!chart.containPixel('grid', [e.offsetX, e.offsetY])) return;
        const [x] = chart.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) as number[];
        const index = Math.round(x ?? -1);
        const point = series.points[index];
        // A month's point is its last day; the chosen day's own point opens that day.
        if (point) onOpenMonth(point.day === monthEnd(point.month) ? point.month : point.day);
      };
      zr.on('click', onClick);
      zr.setCursorStyle('pointer');
      return () => zr.off('click', onClick);
    },
    [series, onOpenMonth],
  );

  return (
    <Section
      title={t('trend.title')}
      hint={t('trend.hint')}
      choice={{
        value: measure,
        onChange: setMeasure,
        data: [
          { value: 'groups' as const, label: t('trend.groups') },
          { value: 'members' as const, label: t('trend.members') },
        ],
      }}
    >
      <EChart option={option} onReady={onReady} height={isPhone ? 250 : 320} label={t('trend.title')} data-testid="dashboard-trend" />
    </Section>
  );
}
