// The budget warning for the top bar, from the session's budgets (session's refreshSpend):
// nothing while every budget is under 80 %; "warning" from 80 %, "reached" at 100 %.
import { useApp } from '../../store/index.ts';
import { budgetStatus, formatPercent, worstBudget } from './budget-status.ts';

export function BudgetBadge() {
  const budgets = useApp((s) => s.budgets);
  const worst = worstBudget(budgets.map(budgetStatus));
  if (worst === null) return null;
  return (
    <span role="status" className={`budget-badge is-${worst.level}`} title={worst.message}>
      {worst.period === 'day' ? 'Daily' : 'Monthly'} budget {formatPercent(worst.fraction)}
      {worst.level === 'reached' ? ' — reached' : ''}
    </span>
  );
}
