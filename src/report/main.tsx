import { render } from 'preact';
import '../review/theme.css';
import { incidentIdFrom, ReportPage } from './ReportPage';

render(
  <ReportPage incidentId={incidentIdFrom(location.search)} />,
  document.getElementById('app')!,
);
