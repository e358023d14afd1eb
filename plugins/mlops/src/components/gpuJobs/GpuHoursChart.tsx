import { GpuHoursDay } from '@internal/plugin-mlops-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatGpuHours } from './format';

/** GPU-hours per UTC day over the period. */
export function GpuHoursChart(props: { days: GpuHoursDay[] }) {
  return (
    <div data-testid="chart-gpu-hours" style={{ width: '100%', height: 220 }}>
      <ResponsiveContainer>
        <BarChart data={props.days}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
          <YAxis tickFormatter={(h: number) => formatGpuHours(h)} />
          <Tooltip
            formatter={(h: number) => [
              `${formatGpuHours(h)} GPU-hours`,
              'Used',
            ]}
          />
          <Bar dataKey="gpuHours" fill="#7e57c2" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
