export { needsOnboarding, Welcome } from './Welcome.tsx';
