// The command room's calls of the last 24 hours: bars per hour, the current hour darker (on the one ECharts host).
import { useMemo } from 'react';
import dayjs from 'dayjs';
import { EChart, type ChartOption } from '../../components/EChart';

export function Last24hChart({ data, height = 64, title }: { data: { hour: string; count: number }[]; height?: number; title: string }) {
  const option = useMemo((): ChartOption => {
    const max = Math.max(1, ...data.map((d) => d.count));
    return {
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
    };
  }, [data, title]);
  return <EChart option={option} height={height} label={title} />;
}
