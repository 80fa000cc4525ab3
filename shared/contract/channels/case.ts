import { channel } from '../channel';
import type { TimelineSource } from '../../timeline/build';
import { obj } from '../validate';
import { ID } from './files';

/** Working a case across files: the timeline's per-file facts. */
export const caseChannels = {
  'timeline.source': channel<TimelineSource>()(
    obj({ fileId: ID }),
    'What the timeline needs from an open file: its records (hardware errors described with where they happened), dumps and boots.',
  ),
};
