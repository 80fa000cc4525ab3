/**
 * Records for sections an input carried without a record header (a Redfish section, the kernel's
 * own report): the header holds only what the input tells — severity, and the id, creator and
 * notification type when known — with no timestamp, flags or persistence information.
 */
import { NULL_GUID } from '../bytes/guid';
import { encodeRecord, type SectionInput } from '../cper/encode';

export interface HeaderFacts {
  severity: number;
  /** 0 when the input names no record. */
  recordId?: bigint;
  creatorId?: string;
  notificationType?: string;
}

export function headerlessRecord(h: HeaderFacts, sections: SectionInput[]): Uint8Array {
  return encodeRecord({
    recordId: h.recordId ?? 0n,
    severity: h.severity,
    validationBits: 0,
    flags: 0,
    persistenceInfo: 0n,
    creatorId: h.creatorId ?? NULL_GUID,
    notificationType: h.notificationType ?? NULL_GUID,
    sections,
  });
}
