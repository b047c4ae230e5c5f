/**
 * Data and privacy: delete the project's AbuseIPDB key, or remove everything the app stores for
 * the project. Both ask for confirmation first; the purge asks the admin to type the project key,
 * which the server checks again.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import { useNotify } from '../../shared/notify';
import { R } from './settings-client';
import { useSettings } from './settings-context';

export function ProjectDataSection() {
  const { client, overview, reload } = useSettings();
  const notify = useNotify();
  const [asking, setAsking] = useState<'key' | 'purge' | undefined>();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const projectKey = overview.projectKey;

  async function run(work: () => Promise<unknown>, done: string, failed: string) {
    setBusy(true);
    try {
      await work();
      notify.success(done);
      setAsking(undefined);
      setTyped('');
      await reload();
    } catch (error) {
      notify.error(failed, error);
    }
    setBusy(false);
  }

  return (
    <section aria-labelledby="project-data-heading">
      <Heading size="medium" as="h2" id="project-data-heading">
        Data and privacy
      </Heading>
      <p>
        Claims are kept 180 days, recent alerts 30 days, runs 90 days and AbuseIPDB answers for the
        cache hours you set. Issues already created stay in Jira.
      </p>
      <p>
        <Button isDisabled={!overview.abuseIpdbKey.set} onClick={() => setAsking('key')}>
          Delete the AbuseIPDB key
        </Button>{' '}
        <Button appearance="danger" onClick={() => setAsking('purge')}>
          Remove all data of this project
        </Button>
      </p>
      {asking === 'key' ? (
        <Modal onClose={() => setAsking(undefined)}>
          <ModalHeader>
            <ModalTitle>Delete the AbuseIPDB key?</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <p>New alerts will get no AbuseIPDB verdicts until a key is added again.</p>
          </ModalBody>
          <ModalFooter>
            <Button onClick={() => setAsking(undefined)}>Cancel</Button>
            <Button
              appearance="danger"
              isDisabled={busy}
              onClick={() =>
                void run(
                  () => client.call(R.deleteAbuseIpdbKey, {}),
                  'AbuseIPDB key deleted',
                  'AbuseIPDB key not deleted',
                )
              }
            >
              Delete key
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
      {asking === 'purge' ? (
        <Modal onClose={() => setAsking(undefined)}>
          <ModalHeader>
            <ModalTitle>Remove all data of {projectKey}?</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <p>
              Removes the configuration, every tenant and its secret, the AbuseIPDB key, claims,
              checkpoints and run history of this project. Syncing stops. Issues stay in Jira.
            </p>
            <label htmlFor="purge-confirm">Type {projectKey} to confirm</label>
            <Textfield
              id="purge-confirm"
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
            />
          </ModalBody>
          <ModalFooter>
            <Button onClick={() => setAsking(undefined)}>Cancel</Button>
            <Button
              appearance="danger"
              isDisabled={busy || typed.trim().toUpperCase() !== projectKey}
              onClick={() =>
                void run(
                  () => client.call(R.purgeProjectData, { confirmProjectKey: typed }),
                  `All data of ${projectKey} removed`,
                  'Data not removed',
                )
              }
            >
              Remove all data
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
    </section>
  );
}
