/** The message store as the monitor API shows it. */
import type { MessageResponse } from '../../shared/api-dto.js';
import { langflowMonitorMessage } from '../../shared/langflow-message.js';
import type { MessageStore } from '../storage/types.js';
import { BadRequestError } from '../../shared/errors.js';

export interface MessageQuery {
  flow_id?: string;
  session_id?: string;
  sender?: string;
  sender_name?: string;
  order_by?: string;
}

export interface MessageService {
  list(query: MessageQuery): Promise<MessageResponse[]>;
  deleteSession(sessionId: string): Promise<number>;
}

export function createMessageService(messages: MessageStore): MessageService {
  return {
    async list(query) {
      const orderBy = query.order_by ?? 'timestamp';
      if (orderBy !== 'timestamp' && orderBy !== '-timestamp') throw new BadRequestError('order_by must be "timestamp" or "-timestamp"');
      const found = await messages.list({ flowId: query.flow_id, sessionId: query.session_id, sender: query.sender, senderName: query.sender_name, orderBy });
      return found.map(langflowMonitorMessage);
    },
    deleteSession: (sessionId) => messages.deleteSession(sessionId),
  };
}
