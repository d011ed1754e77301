import { render } from 'preact';
import '../popup/theme.css';
import { incidentIdFrom, ReportPage } from './ReportPage';

render(
  <ReportPage incidentId={incidentIdFrom(location.search)} />,
  document.getElementById('app')!,
);
