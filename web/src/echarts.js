// echarts.js - the parts of ECharts the UI uses (tree-shaken), in their own chunk.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent, CanvasRenderer]);
export const init = (el) => echarts.init(el);
