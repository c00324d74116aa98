export type { Entry } from './pages.ts';
export {
  type DayFault,
  type HrAccount,
  type HrSite,
  type HrSiteOptions,
  type HrSiteRecipe,
  SANDBOX_ACCOUNT,
  startHrSite,
} from './site.ts';
