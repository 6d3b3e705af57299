/** ECharts with only what the dashboard draws (the whole library would weigh ~1 MB). */
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';

use([CanvasRenderer, BarChart, HeatmapChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent]);
