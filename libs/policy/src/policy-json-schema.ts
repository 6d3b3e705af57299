/**
 * The JSON Schema of a policy file (config/policies/<version>.json). The published copy is
 * config/policies/policy.schema.json (each policy file points to it with "$schema", so an editor completes keys and
 * flags errors); a unit test keeps that copy equal to this object, and `npm run policy:schema` rewrites it.
 *
 * JSON Schema says what each value may be; the few rules that relate values to each other (items add up to their
 * part, thresholds descend, reminders lie inside the window …) are checked in policy-schema.ts after it.
 */
import { GRADE_KEYS, INNOVATION_LEVELS, NON_WORKING_DAY_RULES, QUOTA_ROUNDINGS, SCORERS, STATION_KINDS, TIE_RULES } from './policy';
import { RECORD_MEASURES } from './records';

const label = {
  type: 'object',
  description: 'A name in Chinese (shown to people) and English (for logs and documentation).',
  required: ['zh', 'en'],
  additionalProperties: false,
  properties: { zh: { $ref: '#/definitions/text' }, en: { $ref: '#/definitions/text' } },
};

/** Points with at most one decimal place, so they convert to integer tenths exactly. */
const points = (description: string, exclusiveMinimum?: number) => ({
  type: 'number',
  description,
  multipleOf: 0.1,
  ...(exclusiveMinimum === undefined ? { minimum: 0 } : { exclusiveMinimum }),
});

const strictObject = (description: string, properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  description,
  required,
  additionalProperties: false,
  properties,
});

const monthDay = { type: 'string', pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'A date in the cycle, MM-DD.' };
const dayOfMonth = (description: string) => ({ type: 'integer', minimum: 1, maximum: 28, description });

const deductionRule = strictObject(
  'One deduction rule: what is counted in the year\'s monthly records and how many points each one takes off the item.',
  {
    measure: {
      enum: [...RECORD_MEASURES],
      description:
        'recordedDeductions: the deductions recorded against this item (each with its own points, reason and evidence); ' +
        'the others count a number in the four-platform monthly data.',
    },
    pointsEach: points('Points deducted per counted case (not used with recordedDeductions).', 0),
  },
  ['measure'],
);

export const POLICY_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://station-assessment.local/schemas/policy.schema.json',
  title: '派驻机构考核办法 (policy version)',
  description: 'One version of the assessment policy: the rubric and every choice the policy text leaves open.',
  type: 'object',
  additionalProperties: false,
  required: [
    'version', 'title', 'effectiveFrom', 'scoreDecimals', 'parts', 'innovation', 'grades', 'excellentQuota', 'tieRule',
    'bonusPerPerson', 'awards', 'schedule', 'publicity', 'notices', 'scope', 'suggestions', 'guards', 'persons',
  ],
  definitions: {
    text: { type: 'string', minLength: 1, pattern: '\\S' },
    label,
    key: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$', description: 'A camelCase key.' },
    grade: { enum: [...GRADE_KEYS] },
  },
  properties: {
    $schema: { type: 'string', description: 'Path or URL of this schema (for editors).' },
    version: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'Must equal the file name without .json.' },
    title: { $ref: '#/definitions/label' },
    effectiveFrom: { type: 'string', format: 'date', description: 'YYYY-MM-DD: the first day this version is in force.' },
    scoreDecimals: { enum: [0, 1], description: 'Decimal places of an item score (scores are kept in tenths).' },
    parts: {
      type: 'array',
      minItems: 1,
      description: 'The rubric: parts (日常管理, 专项管理 …), each with its items. Item maxima add up to the part maximum.',
      items: strictObject('A rubric part.', {
        key: { $ref: '#/definitions/key' },
        label: { $ref: '#/definitions/label' },
        max: points('Maximum of the part (points).', 0),
        scoredBy: { enum: [...SCORERS], description: 'Who scores the part\'s items.' },
        items: {
          type: 'array',
          minItems: 1,
          items: strictObject('A rubric item.', {
            key: { $ref: '#/definitions/key' },
            label: { $ref: '#/definitions/label' },
            max: points('Maximum of the item (points).', 0),
            description: { $ref: '#/definitions/text' },
          }),
        },
      }),
    },
    innovation: strictObject('创新工作附加: points per recognition level and the cap on their sum.', {
      label: { $ref: '#/definitions/label' },
      cap: points('Highest innovation bonus (points).', 0),
      levels: strictObject(
        'Points per recognition level.',
        Object.fromEntries(INNOVATION_LEVELS.map((l) => [l, strictObject(`${l} recognition`, { label: { $ref: '#/definitions/label' }, points: points('Points.', 0) })])),
      ),
    }),
    grades: {
      type: 'array',
      description: 'Grade thresholds, best first: excellent, good, qualified, unqualified (the last has min 0).',
      minItems: GRADE_KEYS.length,
      maxItems: GRADE_KEYS.length,
      items: strictObject('A grade and the lowest total that earns it.', {
        key: { $ref: '#/definitions/grade' },
        label: { $ref: '#/definitions/label' },
        min: points('Lowest total (points).'),
      }),
    },
    excellentQuota: strictObject('At most this share of the assessed stations is excellent.', {
      percent: { type: 'integer', minimum: 1, maximum: 100 },
      rounding: { enum: [...QUOTA_ROUNDINGS] },
      minimum: { type: 'integer', minimum: 0, description: 'At least this many excellent places.' },
    }),
    tieRule: { enum: [...TIE_RULES], description: 'Equal totals share a rank; this part\'s score orders them for the quota and awards.' },
    bonusPerPerson: strictObject('Bonus per person (whole yuan) by grade.', {
      excellent: { type: 'integer', minimum: 0 },
      good: { type: 'integer', minimum: 0 },
    }),
    awards: strictObject(
      '评优 and 晋升: how many stations are nominated, where heads and staff come from, who is recommended to the superior departments.',
      {
        topStations: { type: 'integer', minimum: 0, description: 'Stations nominated (先进集体), best first.' },
        topPersonsPerStation: { type: 'integer', minimum: 0, description: 'Heads and staff nominated per station.' },
        minimumGrade: { $ref: '#/definitions/grade', description: 'Lowest grade of a nominated station or person.' },
        personsFromTopStationsOnly: {
          type: 'boolean',
          description: 'true: heads and staff are nominated only from the nominated stations; false: from every station of at least minimumGrade.',
        },
        keyTraining: strictObject('重点培养、重点推荐: persons recommended for key training.', {
          stationKinds: { type: 'array', uniqueItems: true, items: { enum: [...STATION_KINDS] } },
          stationGrade: { $ref: '#/definitions/grade', description: 'Lowest station grade.' },
          personGrade: { $ref: '#/definitions/grade', description: 'Lowest own grade of the person.' },
        }),
        appointmentReview: strictObject('人事任免建议: stations (naming the head) and persons proposed for review.', {
          stationGrade: { $ref: '#/definitions/grade', description: 'Stations at or below this grade.' },
          personGrade: { $ref: '#/definitions/grade', description: 'Persons of independent stations at or below this own grade.' },
        }),
      },
    ),
    schedule: strictObject('Deadlines and reminders.', {
      time: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:mm local time of reminders.' },
      nonWorkingDay: { enum: [...NON_WORKING_DAY_RULES] },
      monthlyRecord: strictObject('A month\'s record is due on dueDay of the next month.', {
        dueDay: dayOfMonth('Due day of the next month.'),
        reminderDay: dayOfMonth('Reminder to the station (not after dueDay).'),
        escalationDay: dayOfMonth('Escalation to coordinators (after dueDay).'),
      }),
      selfAssessment: strictObject('The self-assessment window.', {
        windowOpens: monthDay,
        reminders: { type: 'array', items: monthDay },
        deadline: monthDay,
        overdueNoticeOn: monthDay,
      }),
    }),
    publicity: strictObject('公示 before release.', {
      enabled: { type: 'boolean' },
      workingDays: { type: 'integer', minimum: 1, maximum: 60 },
    }),
    notices: strictObject('Result notices (抄告).', {
      numberFormat: { type: 'string', pattern: '\\{n\\}', description: 'Placeholders {abbr}, {year}, {n} (required).' },
    }),
    scope: strictObject('Who is assessed.', {
      fourPlatformsOnly: {
        type: 'boolean',
        description: 'true: only stations part of the four platforms are assessed; the others are listed as 不参加考核 and never ranked, counted in the quota or paid.',
      },
    }),
    suggestions: strictObject('Suggested scores (建议分) from the year\'s records: item max minus the deductions, floor 0.', {
      departureNeedsReason: { type: 'boolean', description: 'A score that differs from the suggestion needs a written reason.' },
      items: {
        type: 'object',
        description: 'Item key → its deduction rules (an item not listed has no suggestion).',
        propertyNames: { $ref: '#/definitions/key' },
        additionalProperties: { type: 'array', items: deductionRule },
      },
    }),
    guards: strictObject('Checks at the hand-offs (each answers 409 with what is missing).', {
      computeNeedsEveryMonth: {
        type: 'boolean',
        description: 'Results are computed only when every month due so far is recorded or waived with a reason.',
      },
      submitNeedsExplainedDepartures: {
        type: 'boolean',
        description: 'Submission for approval is refused while a score differs from its suggestion without a reason.',
      },
      releaseNeedsReachableRecipients: {
        type: 'boolean',
        description: 'Release is refused while a 抄告 recipient department has no e-mail address or webhook (work-chat robot).',
      },
    }),
    persons: strictObject('Individual grades of independent stations\' staff.', {
      maxGradeSteps: {
        type: 'integer',
        minimum: 0,
        maximum: GRADE_KEYS.length - 1,
        description: 'How many grades a person\'s grade may be away from the station\'s grade.',
      },
    }),
  },
} as const;
