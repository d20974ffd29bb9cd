export { SpendView } from './SpendView.tsx';
export { BudgetBadge } from './BudgetBadge.tsx';
export { budgetLevel, budgetStatus, worstBudget } from './budget-status.ts';
export type { BudgetLevel, BudgetStatus } from './budget-status.ts';
