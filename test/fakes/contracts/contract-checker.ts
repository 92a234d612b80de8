/** What a fake hands every request and response to; a non-empty list is a contract violation. */
export interface ContractRequest {
  method: string;
  /** The path as sent, without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export interface ContractChecker {
  readonly name: string;
  checkRequest(request: ContractRequest): { operation: string | null; errors: string[] };
  checkResponse(operation: string, status: number, body: unknown): string[];
}
