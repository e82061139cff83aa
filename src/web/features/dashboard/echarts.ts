import * as echarts from 'echarts/core';
import { LineChart, MapChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

/** Only the parts of ECharts the dashboard draws with (lines, maps), rendered as SVG. */
echarts.use([LineChart, MapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, GeoComponent, MarkAreaComponent, SVGRenderer]);

export { echarts };
export type EChartsOption = echarts.EChartsCoreOption;
export type ECharts = echarts.ECharts;
