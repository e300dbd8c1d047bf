// The instructions API (指令一键直达), typed by the contracts' schemas.
import type { FeedbackBody, Instruction, InstructionBody, MyInstruction } from '@jingwang/contracts';
import { http } from '../../api/client';

export const instructionsApi = {
  send: (b: InstructionBody) => http.post<Instruction>('/api/instructions', b),
  list: (q: { status?: 'open' | 'closed'; limit?: number } = {}, signal?: AbortSignal) => http.get<Instruction[]>('/api/instructions', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Instruction>(`/api/instructions/${id}`, undefined, signal),
  close: (id: number, version: number) => http.post<Instruction>(`/api/instructions/${id}/close`, { version }),
  mine: (signal?: AbortSignal) => http.get<MyInstruction[]>('/api/instructions/mine', undefined, signal),
  read: (receiptId: number, version: number) => http.post<MyInstruction>(`/api/instruction-receipts/${receiptId}/read`, { version }),
  feedback: (receiptId: number, b: FeedbackBody) => http.post<MyInstruction>(`/api/instruction-receipts/${receiptId}/feedback`, b),
  done: (receiptId: number, version: number) => http.post<MyInstruction>(`/api/instruction-receipts/${receiptId}/done`, { version }),
  urge: (taskId: number, text?: string) => http.post<{ instructionId: number; recipients: number }>(`/api/tasks/${taskId}/urge`, text ? { text } : {}),
  photoUrl: (id: number) => `/api/instructions/photos/${id}`,
};
