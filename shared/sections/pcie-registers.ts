/**
 * The PCIe capability structure (60 bytes) and AER extended capability (96 bytes) carried in
 * the PCIe error section, declared register by register with their bit fields (PCIe Base 6.x
 * §7.5.3 and §7.8.4). JSON paths and value shapes follow libcper (corpus commit 7c410e29):
 * `capabilityStructure.<register>.<field>` and `aerInfo.<register>.<field>`.
 *
 * Register placement after Device Capabilities 2 follows libcper's `capability_registers`
 * (include/libcper/sections/cper-section-pcie.h, one packed bitfield struct per register, read at
 * 6bbbba5d; the corpus agrees with it): its
 * `link_capabilities2_t` is 8 bytes (the speed bits sit in a union that starts a new byte), so
 * link control 2 is at +52 and link status 2 at +54 in its JSON (and so the corpus); the PCIe
 * spec puts Link Capabilities 2 at +44 (4 bytes), Link Control 2 at +48 and Link Status 2 at +50.
 * Where libcper reads other bits than the spec (Link Capabilities 2, Root Error Status's message
 * number) the tree has the spec's field and a second "as libcper reads it" range that the JSON uses.
 */
import type { BitSpec, FieldSpec, JsonOut } from '../decode/spec';
import { bytes, u16, u32, u8 } from '../decode/fields';

type Shape = 'num' | 'bool' | 'raw' | 'sup' | 'en' | 'pass' | 'sev';

/**
 * libcper's `device_port_type_dict` (cper-section-pcie.h, the bitfield-register version): a
 * 9-entry array that `add_dict` indexes by the raw value, so 7 reads "RCiEP" and 8 "RCEC" and
 * 9..15 get no "value" (the header's comments give the PCIe codes, the array does not follow them).
 */
const LIBCPER_PORT_TYPES: Record<number, string> = {
  0: 'PCIE',
  1: 'PCI',
  2: 'ROOT_PORT',
  3: 'UPSTREAM',
  4: 'DOWNSTREAM',
  5: 'PCIE_PCI_BRIDGE',
  6: 'PCI_PCIE_BRIDGE',
  7: 'RCiEP',
  8: 'RCEC',
};
/** Device/Port Type codes of the PCIe spec (§7.5.3.2), for the tree. */
const PORT_TYPES: Record<number, string> = {
  0: 'PCI Express Endpoint',
  1: 'Legacy PCI Express Endpoint',
  9: 'Root Complex Integrated Endpoint',
  10: 'Root Complex Event Collector',
  4: 'Root Port',
  5: 'Upstream Switch Port',
  6: 'Downstream Switch Port',
  7: 'PCI Express to PCI/PCI-X Bridge',
  8: 'PCI/PCI-X to PCI Express Bridge',
};
const WORDS: Partial<Record<Shape, Record<number, string>>> = {
  sup: { 0: 'NotSupported', 1: 'Supported' },
  en: { 0: 'Disabled', 1: 'Enabled' },
  pass: { 0: 'Failed', 1: 'Passing' },
  sev: { 0: 'NonFatal', 1: 'Fatal' },
};

/**
 * One bit field: `[name, lo, width, shape, extra]`. Word shapes (sup/en/…) name 0 and
 * non-zero, as libcper's `add_bool_enum` does. `extra` adds JSON outputs or a tree label/enum to the bit range.
 */
type B = [string, number, number, Shape?, Partial<BitSpec>?];

/** libcper's `add_bool_enum`: the first word for 0, the second for any other value of the field. */
function wordNames(words: Record<number, string>, width: number): Record<number, string> {
  const o: Record<number, string> = { 0: words[0] };
  for (let v = 1; v < 1 << width; v++) o[v] = words[1];
  return o;
}

function bits(path: string, list: readonly B[], valid: number): BitSpec[] {
  const out: BitSpec[] = [];
  for (const [name, lo, width, shape = 'num', extra] of list) {
    const p = `${path}.${name}`;
    let json: JsonOut;
    if (shape === 'bool') json = { path: p, shape: 'bool', valid };
    else if (shape === 'raw') json = { path: `${p}.raw`, valid };
    else if (shape === 'num') json = { path: p, valid };
    else {
      json = { path: p, shape: 'name', names: wordNames(WORDS[shape]!, width), valid };
    }
    out.push({ key: name, lo, width, json, ...extra });
  }
  return out;
}

function reg(
  key: string,
  label: string,
  at: number,
  type: 'u8' | 'u16' | 'u32',
  valid: number,
  path: string,
  list: readonly B[],
): FieldSpec {
  return { u8, u16, u32 }[type](key, at, { label, valid, hex: true, bits: bits(path, list, valid) });
}

const CAP = 'capabilityStructure';
/** Link Capabilities 2 fields (PCIe §7.5.3.18) at their spec bit positions. */
const LINK_CAP2: readonly B[] = [
  ['supported_link_speeds', 1, 7],
  ['crosslink_supported', 8, 1, 'sup'],
  ['lower_skp_os_generation_supported', 9, 7],
  ['lower_skp_os_reception_supported', 16, 7],
  ['retimer_presence_detect_supported', 23, 1, 'sup'],
  ['two_retimers_presence_detect_supported', 24, 1, 'sup'],
  ['drs_supported', 31, 1, 'sup'],
];
/** Registers of the PCI Express capability, at section offset 52. */
export function capabilityRegisters(base: number, valid: number): FieldSpec[] {
  return [
    u8('capId', base + 0, {
      label: 'Capability ID',
      valid: valid,
      json: { path: `${CAP}.pcie_capability_header.capability_id.raw`, valid },
      hex: true,
    }),
    u8('capNext', base + 1, {
      label: 'Next capability pointer',
      valid: valid,
      json: { path: `${CAP}.pcie_capability_header.next_capability_pointer`, valid },
      hex: true,
    }),
    reg('pcieCapabilities', 'PCI Express capabilities', base + 2, 'u16', valid, `${CAP}.pcie_capabilities`, [
      ['capability_version', 0, 4],
      [
        'device_port_type',
        4,
        4,
        'raw',
        {
          enum: PORT_TYPES,
          json: [
            { path: `${CAP}.pcie_capabilities.device_port_type.raw`, valid },
            { path: `${CAP}.pcie_capabilities.device_port_type.value`, shape: 'name', names: LIBCPER_PORT_TYPES, unknown: '', valid },
          ],
        },
      ],
      ['slot_implemented', 8, 1, 'bool'],
      ['interrupt_message_number', 9, 5],
      ['flit_mode_supported', 15, 1, 'sup'],
    ]),
    reg('deviceCapabilities', 'Device capabilities', base + 4, 'u32', valid, `${CAP}.device_capabilities`, [
      ['max_payload_size_supported', 0, 3],
      ['phantom_functions_supported', 3, 2, 'sup'],
      ['extended_tag_field_supported', 5, 1, 'sup'],
      ['endpoint_l0s_acceptable_latency', 6, 3, 'raw'],
      ['endpoint_l1_acceptable_latency', 9, 3, 'raw'],
      ['role_based_error_reporting', 15, 1, 'bool'],
      ['err_cor_subclass_capable', 16, 1, 'bool'],
      ['rx_mps_fixed', 17, 1],
      ['captured_slot_power_limit_value', 18, 8],
      ['captured_slot_power_limit_scale', 26, 2],
      ['function_level_reset_capability_supported', 28, 1, 'sup'],
      ['mixed_mps_supported', 29, 1, 'sup'],
      ['tee_io_supported', 30, 1, 'sup'],
    ]),
    reg('deviceControl', 'Device control', base + 8, 'u16', valid, `${CAP}.device_control`, [
      ['correctable_error_reporting_enable', 0, 1, 'en'],
      ['non_fatal_error_reporting_enable', 1, 1, 'en'],
      ['fatal_error_reporting_enable', 2, 1, 'en'],
      ['unsupported_request_reporting_enabled', 3, 1, 'en'],
      ['relaxed_ordering_enable', 4, 1, 'en'],
      ['max_payload_size', 5, 3],
      ['extended_tag_field_enable', 8, 1, 'en'],
      ['phantom_functions_enable', 9, 1, 'en'],
      ['aux_power_pm_enable', 10, 1, 'en'],
      ['enable_no_snoop', 11, 1],
      ['max_read_request_size', 12, 3],
      ['function_level_reset', 15, 1, 'bool'],
    ]),
    reg('deviceStatus', 'Device status', base + 10, 'u16', valid, `${CAP}.device_status`, [
      ['correctable_error_detected', 0, 1, 'bool'],
      ['non_fatal_error_detected', 1, 1, 'bool'],
      ['fatal_error_detected', 2, 1, 'bool'],
      ['unsupported_request_detected', 3, 1, 'bool'],
      ['aux_power_detected', 4, 1, 'bool'],
      ['transactions_pending', 5, 1, 'bool'],
      ['emergency_power_reduction', 6, 2],
    ]),
    reg('linkCapabilities', 'Link capabilities', base + 12, 'u32', valid, `${CAP}.link_capabilities`, [
      ['max_link_speed', 0, 4],
      ['maximum_link_width', 4, 6],
      ['aspm_support', 10, 2],
      ['l0s_exit_latency', 12, 3],
      ['l1_exit_latency', 15, 3],
      ['clock_power_management', 18, 1, 'bool'],
      ['surprise_down_error_reporting_capable', 19, 1, 'bool'],
      ['data_link_layer_link_active_reporting_capable', 20, 1, 'bool'],
      ['link_bandwidth_notification_capability', 21, 1, 'bool'],
      ['aspm_optionality_compliance', 22, 1, 'bool'],
      ['port_number', 24, 8],
    ]),
    reg('linkControl', 'Link control', base + 16, 'u16', valid, `${CAP}.link_control`, [
      ['aspm_control', 0, 2],
      ['ptm_prop_delay_adaptation_interpretation', 2, 1, 'bool'],
      ['link_disable', 4, 1],
      ['retrain_link', 5, 1],
      ['extended_synch', 7, 1],
      ['sris_clocking', 12, 1],
      ['flit_mode_disable', 13, 1],
    ]),
    reg('linkStatus', 'Link status', base + 18, 'u16', valid, `${CAP}.link_status`, [
      ['current_link_speed', 0, 4],
      ['negotiated_link_width', 4, 6],
      ['link_training', 11, 1],
    ]),
    reg('slotCapabilities', 'Slot capabilities', base + 20, 'u32', valid, `${CAP}.slot_capabilities`, [
      ['slot_power_limit_value', 7, 8, 'raw'],
      ['slot_power_limit_scale', 15, 2],
      ['physical_slot_number', 19, 13],
    ]),
    reg('slotControl', 'Slot control', base + 24, 'u16', valid, `${CAP}.slot_control`, [
      ['attention_indicator_control', 6, 2],
      ['power_indicator_control', 8, 2],
      ['rsvdp', 15, 1],
    ]),
    reg('slotStatus', 'Slot status', base + 26, 'u16', valid, `${CAP}.slot_status`, [
      ['mrl_sensor_changed', 2, 1],
      ['command_completed', 4, 1],
      ['mrl_sensor_state', 5, 1],
    ]),
    u16('rootControl', base + 28, { label: 'Root control', valid: valid, hex: true }),
    u16('rootCapabilities', base + 30, { label: 'Root capabilities', valid: valid, hex: true }),
    reg('rootStatus', 'Root status', base + 32, 'u32', valid, `${CAP}.root_status`, [
      ['pme_requester_id', 0, 16],
      ['pme_status', 16, 1],
      ['pme_pending', 17, 1],
    ]),
    reg('deviceCapabilities2', 'Device capabilities 2', base + 36, 'u32', valid, `${CAP}.device_capabilities2`, [
      ['completion_timeout_ranges_supported', 0, 4],
      ['completion_timeout_disable_supported', 4, 1, 'sup'],
      ['ari_forwarding_supported', 5, 1, 'sup'],
      ['atomic_op_routing_supported', 6, 1, 'sup'],
      ['_32_bit_atomicop_completer_supported', 7, 1, 'sup'],
      ['_64_bit_atomicop_completer_supported', 8, 1, 'sup'],
      ['_128_bit_cas_completer_supported', 9, 1, 'sup'],
      ['no_ro_enabled_pr_pr_passing', 10, 1, 'pass'],
      ['ltr_mechanism_supported', 11, 1, 'sup'],
      ['tph_completer_supported', 12, 2, 'sup'],
      ['obff_supported', 18, 2, 'sup'],
      ['max_end_end_tlp_prefixes', 22, 2, 'raw'],
      ['emergency_power_reduction_supported', 24, 2, 'sup'],
      ['dmwr_lengths_supported', 29, 2],
    ]),
    reg('deviceControl2', 'Device control 2', base + 40, 'u16', valid, `${CAP}.device_control2`, [
      ['completion_timeout_value', 0, 4],
      ['ari_forwarding_enable', 5, 1, 'bool'],
      ['atomicop_requester_enable', 6, 1, 'bool'],
      ['atomicop_egress_blocking', 7, 1, 'bool'],
      ['ido_request_enable', 8, 1, 'bool'],
      ['ido_completion_enable', 9, 1, 'bool'],
      ['ltr_mechanism_enable', 10, 1, 'bool'],
      ['emergency_power_reduction_request', 11, 1, 'bool'],
      ['bit_tag_requester_10_enable', 12, 1, 'bool'],
      ['obff_enable', 13, 2],
    ]),
    u16('deviceStatus2', base + 42, { label: 'Device status 2', valid: valid, hex: true }),
    // Tree: the spec's Link Capabilities 2 at +44. JSON: libcper's `link_capabilities2_t` puts its 7 speed
    // bits in a union that starts a new byte, which makes the struct 8 bytes: speeds are bits 14:8 of
    // +44 and the fields after them sit in +48..51 at the spec's bit positions.
    reg('linkCapabilities2', 'Link capabilities 2', base + 44, 'u32', valid, `${CAP}.link_capabilities2`, [
      ...LINK_CAP2.map(([n, lo, w, shape]): B => [n, lo, w, shape, { json: undefined }]),
      [
        'supported_link_speeds_libcper',
        8,
        7,
        'num',
        {
          label: 'Supported link speeds as libcper reads them (bits 14:8)',
          json: { path: `${CAP}.link_capabilities2.supported_link_speeds`, valid },
        },
      ],
    ]),
    reg('linkControl2', 'Link control 2', base + 52, 'u16', valid, `${CAP}.link_control2`, [
      ['target_link_speed', 0, 4, 'raw'],
      ['enter_compliance', 4, 1, 'sup'],
      ['hardware_autonomous_speed_disable', 5, 1, 'raw'],
      ['selectable_de_emphasis', 6, 1, 'bool'],
      ['transmit_margin', 7, 3],
      ['enter_modified_compliance', 10, 1, 'bool'],
      ['compliance_sos', 11, 1, 'bool'],
      ['compliance_preset_de_emphasis', 12, 4],
    ]),
    reg('linkStatus2', 'Link status 2', base + 54, 'u16', valid, `${CAP}.link_status2`, [
      ['current_de_emphasis_level', 0, 1],
      ['equalization_8gts_complete', 1, 1, 'bool'],
      ['equalization_8gts_phase1_successful', 2, 1, 'bool'],
      ['equalization_8gts_phase2_successful', 3, 1, 'bool'],
      ['equalization_8gts_phase3_successful', 4, 1, 'bool'],
      ['link_equalization_request_8gts', 5, 1, 'bool'],
      ['retimer_presence_detected', 6, 1, 'bool'],
      ['two_retimers_presence_detected', 7, 1, 'bool'],
      ['crosslink_resolution', 8, 2],
      ['flit_mode_status', 10, 1],
      ['downstream_component_presence', 12, 3],
      ['drs_message_received', 15, 1, 'bool'],
    ]),
    reg(
      'capReserved48',
      'Link status 2 / reserved (libcper layout)',
      base + 48,
      'u32',
      valid,
      `${CAP}.link_capabilities2`,
      LINK_CAP2.slice(1).map(([n, lo, w, shape]): B => [
        n,
        lo,
        w,
        shape,
        { key: `${n}_libcper`, label: `${n} as libcper reads it (its 8-byte link_capabilities2_t)` },
      ]),
    ),
    bytes('capTail', base + 56, 4, { label: 'Slot capabilities/status/control 2 (libcper layout)', valid: valid }),
  ];
}

/** Uncorrectable error bits 4..31 (PCIe §7.8.4.2), named as libcper names them (without suffix). */
const UNCORRECTABLE: readonly [string, number][] = [
  ['data_link_protocol_error', 4],
  ['surprise_down_error', 5],
  ['poisoned_tlp_received', 12],
  ['flow_control_protocol_error', 13],
  ['completion_timeout', 14],
  ['completer_abort', 15],
  ['unexpected_completion', 16],
  ['receiver_overflow', 17],
  ['malformed_tlp', 18],
  ['ecrc_error', 19],
  ['unsupported_request_error', 20],
  ['acs_violation', 21],
  ['uncorrectable_internal_error', 22],
  ['mc_blocked_tlp', 23],
  ['atomicop_egress_blocked', 24],
  ['tlp_prefix_blocked_error', 25],
  ['poisoned_tlp_egress_blocked', 26],
  ['dmwr_request_egress_blocked', 27],
  ['ide_check_failed', 28],
  ['misrouted_ide_tlp', 29],
  ['pcrc_check_failed', 30],
  ['tlp_translation_egress_blocked', 31],
];
const CORRECTABLE: readonly [string, number][] = [
  ['receiver_error', 0],
  ['bad_tlp', 6],
  ['bad_dllp', 7],
  ['replay_num_rollover', 8],
  ['replay_timer_timeout', 12],
  ['advisory_non_fatal_error', 13],
  ['corrected_internal_error', 14],
  ['header_log_overflow', 15],
];

const AER = 'aerInfo';
/** Registers of the AER extended capability, at section offset 112. */
export function aerRegisters(base: number, valid: number): FieldSpec[] {
  // libcper: "poisoned_tlp_received" (status) has no "_status" suffix.
  const status = UNCORRECTABLE.map(([n, lo]): B => [n === 'poisoned_tlp_received' ? n : `${n}_status`, lo, 1, 'bool']);
  return [
    reg('aerHeader', 'AER capability header', base + 0, 'u32', valid, `${AER}.capability_header`, [
      ['capability_id', 0, 16],
      ['capability_version', 16, 4],
      ['next_capability_offset', 20, 12],
    ]),
    reg('uncorrectableStatus', 'Uncorrectable error status', base + 4, 'u32', valid, `${AER}.uncorrectable_error_status`, status),
    reg(
      'uncorrectableMask',
      'Uncorrectable error mask',
      base + 8,
      'u32',
      valid,
      `${AER}.uncorrectable_error_mask`,
      UNCORRECTABLE.map(([n, lo]): B => [`${n}_mask`, lo, 1]),
    ),
    reg(
      'uncorrectableSeverity',
      'Uncorrectable error severity',
      base + 12,
      'u32',
      valid,
      `${AER}.uncorrectable_error_severity`,
      UNCORRECTABLE.map(([n, lo]): B => [`${n}_severity`, lo, 1, 'sev']),
    ),
    reg(
      'correctableStatus',
      'Correctable error status',
      base + 16,
      'u32',
      valid,
      `${AER}.correctable_error_status`,
      CORRECTABLE.map(([n, lo]): B => [`${n}_status`, lo, 1, 'bool']),
    ),
    reg(
      'correctableMask',
      'Correctable error mask',
      base + 20,
      'u32',
      valid,
      `${AER}.correctable_error_mask`,
      CORRECTABLE.map(([n, lo]): B => [`${n}_mask`, lo, 1]),
    ),
    reg(
      'aerCapControl',
      'Advanced error capabilities and control',
      base + 24,
      'u32',
      valid,
      `${AER}.advanced_error_capabilities_and_control`,
      [
        ['first_error_pointer', 0, 5],
        ['header_log_size', 13, 5],
        ['logged_tlp_size', 19, 5],
      ],
    ),
    bytes('headerLog', base + 28, 16, { label: 'Header log', valid: valid }),
    u32('rootErrorCommand', base + 44, { label: 'Root error command', valid: valid, hex: true }),
    reg('rootErrorStatus', 'Root error status', base + 48, 'u32', valid, `${AER}.root_error_status`, [
      ['err_cor_subclass', 7, 2],
      ['advanced_error_interrupt_message_number', 27, 5, 'num', { json: undefined }],
      // libcper's root_error_status_t packs 7+2+16 bits before the 5-bit number: it reads bits 29:25.
      [
        'advanced_error_interrupt_message_number_libcper',
        25,
        5,
        'num',
        {
          label: 'Advanced error interrupt message number as libcper reads it (bits 29:25)',
          json: { path: `${AER}.root_error_status.advanced_error_interrupt_message_number`, valid },
        },
      ],
    ]),
    reg('errorSourceId', 'Error source identification', base + 52, 'u32', valid, `${AER}.error_source_id`, [
      ['err_cor_source_identification', 0, 16],
      ['err_fatal_nonfatal_source_identification', 16, 16],
    ]),
    bytes('tlpPrefixLog', base + 56, 16, { label: 'TLP prefix log', valid: valid }),
    bytes('aerReserved', base + 72, 24, { label: 'Reserved', valid: valid }),
  ];
}
