import { render } from 'preact';
import './options.css';
import { OptionsApp } from './OptionsApp';
import { createPlaybookModel } from './playbook/model';
import { createPocsModel } from './pocs/model';
import { createSettingsModel } from './settings/model';
import { createStoredDataModel } from './stored-data/model';
import { PageProvider } from './ui/PageProvider';

const models = {
  playbook: createPlaybookModel(),
  pocs: createPocsModel(),
  settings: createSettingsModel(),
  stored: createStoredDataModel(),
};

render(
  <PageProvider>
    <OptionsApp models={models} />
  </PageProvider>,
  document.getElementById('app')!,
);
