/**
 * Studies: a program running a trial randomizes newly enrolled participants
 * between arms (stratified permuted blocks, see randomization.ts). Schemas for
 * every input and output, shared by the server and the web app.
 */
import { z } from 'zod';
import { designIssues, STRATUM_FACTORS } from './randomization.ts';
import { uuid, version } from './schemas.ts';

export const STUDY_STATUSES = ['draft', 'active', 'closed'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

/** Which status may follow which: a draft is activated (or abandoned), an active study closed; a closed one stays closed. */
export const STUDY_TRANSITIONS: Record<StudyStatus, readonly StudyStatus[]> = {
  draft: ['active', 'closed'],
  active: ['closed'],
  closed: [],
};

export const MAX_ARMS = 6;
export const MAX_BLOCK_SIZES = 6;
export const MAX_BLOCK_SIZE = 60;

export const studyArm = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and _ (at most 40)'),
  label: z.string().trim().min(1, 'Required').max(80, 'At most 80 characters'),
  ratio: z.number().int('A whole number').min(1, 'At least 1').max(10, 'At most 10'),
});
export type StudyArm = z.infer<typeof studyArm>;

const arms = z.array(studyArm).min(2, 'At least two arms').max(MAX_ARMS, `At most ${String(MAX_ARMS)} arms`);
const strataFactors = z
  .array(z.enum(STRATUM_FACTORS))
  .max(STRATUM_FACTORS.length)
  .refine((f) => new Set(f).size === f.length, 'Each factor once');
const blockSizes = z
  .array(z.number().int('A whole number').min(1).max(MAX_BLOCK_SIZE, `At most ${String(MAX_BLOCK_SIZE)}`))
  // Blocks of one size let whoever has seen a block's start work out its last allocation: at least two sizes, drawn at random.
  .min(2, 'At least two block sizes, so that the end of a block cannot be foreseen')
  .max(MAX_BLOCK_SIZES, `At most ${String(MAX_BLOCK_SIZES)} sizes`);

function checkDesign(v: { arms?: StudyArm[] | undefined; blockSizes?: number[] | undefined }, ctx: z.RefinementCtx) {
  if (!v.arms || !v.blockSizes) return;
  for (const issue of designIssues(v.arms, v.blockSizes)) {
    // The schema above already names short lists and bad ratios.
    if (issue.path === 'arms' || issue.path === 'blockSizes' || issue.path.endsWith('.ratio')) continue;
    ctx.addIssue({ code: 'custom', path: issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: issue.message });
  }
}

const description = z
  .string()
  .trim()
  .max(2000, 'At most 2000 characters')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

export const studyCreateInput = z
  .object({
    name: z.string().trim().min(1, 'Required').max(120, 'At most 120 characters'),
    description,
    arms,
    strataFactors: strataFactors.default([]),
    blockSizes,
  })
  .superRefine(checkDesign);
export type StudyCreateInput = z.input<typeof studyCreateInput>;

/**
 * A change: the status (draft → active → closed), the wording, or — until the
 * first participant is assigned — the design. Arms and block sizes are checked
 * together: send both when changing either.
 */
export const studyUpdateInput = z
  .object({
    version,
    status: z.enum(STUDY_STATUSES).optional(),
    name: z.string().trim().min(1, 'Required').max(120, 'At most 120 characters').optional(),
    description,
    arms: arms.optional(),
    strataFactors: strataFactors.optional(),
    blockSizes: blockSizes.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.arms === undefined) !== (v.blockSizes === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.arms === undefined ? 'arms' : 'blockSizes'], message: 'Send arms and block sizes together' });
    }
    checkDesign(v, ctx);
  });
export type StudyUpdateInput = z.input<typeof studyUpdateInput>;

const personRef = z.object({ id: uuid, name: z.string() }).nullable();

export const studyOutput = z.object({
  id: uuid,
  name: z.string(),
  description: z.string().nullable(),
  arms: z.array(studyArm),
  strataFactors: z.array(z.enum(STRATUM_FACTORS)),
  blockSizes: z.array(z.number().int()),
  status: z.enum(STUDY_STATUSES),
  version: z.number().int(),
  assignedCount: z.number().int(),
  createdAt: z.string(),
  createdBy: personRef,
  updatedAt: z.string(),
});
export type Study = z.infer<typeof studyOutput>;

export const studyListOutput = z.object({ items: z.array(studyOutput) });

/** Counts only: never who, never the next allocation. */
export const studyAllocationOutput = z.object({
  byArm: z.array(z.object({ arm: z.string(), count: z.number().int() })),
  byStratum: z.array(
    z.object({
      stratumKey: z.string(),
      /** Each factor's value, with a label for sites (the site's name). */
      values: z.array(z.object({ factor: z.string(), value: z.string(), label: z.string() })),
      total: z.number().int(),
      byArm: z.array(z.object({ arm: z.string(), count: z.number().int() })),
    }),
  ),
});
export type StudyAllocation = z.infer<typeof studyAllocationOutput>;

export const studyDetailOutput = studyOutput.extend({ allocation: studyAllocationOutput });
export type StudyDetail = z.infer<typeof studyDetailOutput>;

export const randomizeInput = z.object({ participantId: uuid });
export type RandomizeInput = z.infer<typeof randomizeInput>;

export const studyAssignmentOutput = z.object({
  id: uuid,
  studyId: uuid,
  studyName: z.string(),
  participantId: uuid,
  arm: z.object({ key: z.string(), label: z.string() }),
  stratumKey: z.string(),
  assignedAt: z.string(),
  assignedBy: personRef,
});
export type StudyAssignment = z.infer<typeof studyAssignmentOutput>;

export const participantStudiesOutput = z.object({
  items: z.array(studyAssignmentOutput),
  /** Active studies this participant is not yet in (randomizing needs an open enrollment). */
  available: z.array(z.object({ id: uuid, name: z.string(), description: z.string().nullable() })),
  hasOpenEnrollment: z.boolean(),
});
export type ParticipantStudies = z.infer<typeof participantStudiesOutput>;
