import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export function Last24hChart({ data, height = 64, title }: { data: { hour: string; count: number }[]; height?: number; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const max = Math.max(1, ...data.map((d) => d.count));
    chart.current?.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 14 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (p: { name: string; value: number }[]) => `${p[0]?.name}<br/>${title}: <b>${p[0]?.value}</b>` },
      xAxis: {
        type: 'category',
        data: data.map((d) => dayjs(d.hour).format('HH:00')),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: '#c9d3e0' } },
        axisLabel: { fontSize: 10, color: '#8091a7', interval: 5 },
      },
      yAxis: { type: 'value', show: false, max },
      series: [
        {
          type: 'bar',
          data: data.map((d, i) => ({ value: d.count, itemStyle: { color: i === data.length - 1 ? '#1456c8' : '#7aa7e8' } })),
          barCategoryGap: '25%',
        },
      ],
    });
  }, [data, title]);

  return <div ref={ref} style={{ height, width: '100%' }} aria-label={title} role="img" />;
}
