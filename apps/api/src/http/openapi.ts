/**
 * The OpenAPI vocabulary every controller uses, so the generated client (apps/web/src/api/openapi.d.ts) is typed:
 * - the one error body (`ErrorBodyDto`) and the error responses of an operation (`ApiErrors`);
 * - the path parameters by name (`ApiPath`), declared once here with their formats;
 * - the success answer (`Returns`): a DTO class, a list of them, no content (204) or a file of a content type.
 * test/openapi-contract.e2e-spec.ts fails when an operation lacks any of these.
 */
import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiParam, ApiParamOptions, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ example: 'reason', description: 'the request field at fault (path in the body, `row N: 列名` for imports)' }) field: string;
  @ApiProperty({ example: '本月已有记录，更正需填写理由' }) reason: string;
}

/** `{code, message, details}`: `code` stable English for programs, `message` Chinese for people saying what to do next. */
export class ErrorBodyDto {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'stable English code: VALIDATION_FAILED, IMPORT_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, STATE_CONFLICT, VERSION_CONFLICT, CONFLICT, …' })
  code: string;
  @ApiProperty({ example: '请修改后重新提交：“理由”本月已有记录，更正需填写理由' }) message: string;
  @ApiProperty({ type: [ErrorDetailDto] }) details: ErrorDetailDto[];
  @ApiPropertyOptional({ example: 'recording', description: 'STATE_CONFLICT: the current state' }) state?: string;
  @ApiPropertyOptional({ example: 'DRAFT_SAVED', description: 'STATE_CONFLICT: the refused event' }) event?: string;
  @ApiPropertyOptional({ type: [String], example: ['WINDOW_OPENED', 'MONTH_RECORDED'], description: 'STATE_CONFLICT: events the current state allows' })
  allowed?: string[];
  @ApiPropertyOptional({ description: 'true when simply retrying may succeed (a version clash, a request still running)' }) retryable?: boolean;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input: every problem named in details (VALIDATION_FAILED, IMPORT_FAILED, INVALID_JSON)',
  401: 'no valid credentials (UNAUTHENTICATED)',
  403: 'another role’s action, or another subdistrict’s or station’s data (FORBIDDEN)',
  404: 'no such record in the caller’s scope (NOT_FOUND)',
  409: 'the state does not allow this now (STATE_CONFLICT with state and allowed), a version clash (VERSION_CONFLICT, retryable) or a duplicate (CONFLICT)',
  413: 'the upload is too large (PAYLOAD_TOO_LARGE)',
  422: 'an Idempotency-Key reused for another request, or a request too large to answer (UNPROCESSABLE)',
  429: 'too many requests (TOO_MANY_REQUESTS)',
};

/** The error responses of an operation, all with the one error body. 400, 401, 403 and 429 are always declared. */
export function ApiErrors(...statuses: number[]) {
  return ApiErrorsOnly(400, 401, 403, 429, ...statuses);
}

/** Only these error responses (a public route that takes no input: no 400, 401 or 403). */
export function ApiErrorsOnly(...statuses: number[]) {
  const all = [...new Set(statuses)].sort();
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...all.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'error', type: ErrorBodyDto })),
  );
}

/** Path parameters by name: one declaration each, used on every route that has it. */
const PATH: Record<string, ApiParamOptions> = {
  subdistrictId: { name: 'subdistrictId', format: 'uuid', description: '街道 id' },
  stationId: { name: 'stationId', format: 'uuid', description: '站所 id' },
  departmentId: { name: 'departmentId', format: 'uuid', description: '部门 id' },
  staffId: { name: 'staffId', format: 'uuid', description: '工作人员 id' },
  userId: { name: 'userId', format: 'uuid', description: '用户 id' },
  recognitionId: { name: 'recognitionId', format: 'uuid' },
  objectionId: { name: 'objectionId', format: 'uuid' },
  exportId: { name: 'exportId', format: 'uuid' },
  deliveryId: { name: 'deliveryId', format: 'uuid' },
  noticeId: { name: 'noticeId', format: 'uuid' },
  id: { name: 'id', format: 'uuid' },
  year: { name: 'year', type: 'integer', example: 2026, description: '考核年度' },
  month: { name: 'month', schema: { type: 'integer', minimum: 1, maximum: 12 }, example: 3 },
  itemKey: { name: 'itemKey', type: 'string', example: 'workOrders', description: 'rubric item key (serveCentre, performDuties, …)' },
  version: { name: 'version', type: 'string', example: '2021-trial' },
};

/** Declares the named path parameters (formats from the table above; an unknown name is a plain required string). */
export function ApiPath(...names: string[]) {
  return applyDecorators(...names.map((name) => ApiParam({ type: 'string', required: true, ...(PATH[name] ?? { name }) } as ApiParamOptions)));
}

type Answer = Type<unknown> | [Type<unknown>] | { file: string[] } | 'none';

/**
 * The success answer: `Returns(Dto)` (200), `Returns([Dto])` (a list), `Returns(Dto, 201)`, `Returns('none')` (204),
 * `Returns({ file: ['application/pdf'] })` (a download of these content types).
 */
export function Returns(answer: Answer, status = answer === 'none' ? 204 : 200, description = 'OK') {
  if (answer === 'none') return ApiResponse({ status, description: 'no content' });
  if (typeof answer === 'object' && 'file' in answer) {
    return ApiResponse({
      status, description: 'the file',
      content: Object.fromEntries(answer.file.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    });
  }
  if (Array.isArray(answer)) {
    return applyDecorators(ApiExtraModels(answer[0]), ApiResponse({ status, description, schema: { type: 'array', items: { $ref: getSchemaPath(answer[0]) } } }));
  }
  return ApiResponse({ status, description, type: answer });
}

