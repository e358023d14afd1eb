import { fleetRow } from '../__testUtils__/fleetRows';
import { teamRows } from './fleetTeams';

const prices = { currency: 'USD', perGpuHour: { A100: 4 } };

describe('teamRows', () => {
  it("rolls services, GPU pods and the week's jobs up per owner", () => {
    const teams = teamRows({
      services: [
        fleetRow('a', {
          status: 'down',
          burnRate1h: 20,
          errorBudgetRemaining: -0.5,
        }),
        fleetRow('b', { burnRate1h: 2 }),
        fleetRow('c', { owner: 'group:default/recsys', burnRate1h: null }),
      ],
      gpuPods: [
        {
          cluster: 'east',
          namespace: 'fraud-ml',
          name: 'p',
          node: 'n',
          gpuEquivalents: 2,
          startedAt: null,
          team: 'group:default/fraud-ml',
          idle: true,
        },
        {
          cluster: 'east',
          namespace: 'x',
          name: 'q',
          node: 'n',
          gpuEquivalents: 1,
          startedAt: null,
          team: null,
          idle: false,
        },
      ],
      weekGpuHours: [
        {
          team: 'group:default/fraud-ml',
          entityRef: null,
          gpuModel: 'A100',
          gpuHours: 3,
        },
        {
          team: 'group:default/fraud-ml',
          entityRef: null,
          gpuModel: 'L4',
          gpuHours: 5,
        },
      ],
      prices,
    });
    expect(teams.map(t => t.owner)).toEqual([
      'group:default/fraud-ml',
      'group:default/recsys',
      null,
    ]);
    expect(teams[0]).toEqual({
      owner: 'group:default/fraud-ml',
      services: 2,
      byStatus: { healthy: 1, degraded: 0, down: 1, unknown: 0 },
      worstBurnRate1h: 20,
      budgetExhausted: 1,
      gpusAllocated: 2,
      gpusIdle: 2,
      gpuHoursThisWeek: 8,
      // The L4's hours have no price: they cost nothing here.
      costThisWeek: 12,
    });
    expect(teams[1]).toMatchObject({ services: 1, worstBurnRate1h: null });
    expect(teams[2]).toMatchObject({ services: 0, gpusAllocated: 1 });
  });

  it('has no rows without services, pods or jobs', () => {
    expect(
      teamRows({ services: [], gpuPods: [], weekGpuHours: [], prices }),
    ).toEqual([]);
  });
});
