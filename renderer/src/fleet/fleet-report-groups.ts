import type { FleetReportGrouping } from '../../../shared/domain/fleet-report';
import type { MessageKey } from '../i18n/en';

/** The name of each grouping: the picker's options and the table's first column. */
export const groupKeys: Record<FleetReportGrouping, MessageKey> = {
  department: 'fleetReport.groupDepartment',
  site: 'fleetReport.groupSite',
  kiosk: 'fleetReport.groupKiosk',
  week: 'fleetReport.groupWeek',
};
