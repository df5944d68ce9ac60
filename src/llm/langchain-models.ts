import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { LangChainSpec, LlmConfig } from '../config';

/**
 * The LangChain chat model LLM_PROVIDER names, with the limits every provider shares. Each
 * provider's package is required only here, when it is the one configured. API keys not given
 * as LLM_API_KEY are read by each package from its usual variable (ANTHROPIC_API_KEY,
 * GOOGLE_API_KEY, AZURE_OPENAI_API_KEY; Bedrock: the AWS credential chain and AWS_REGION).
 */
export function createChatModel(spec: LangChainSpec, cfg: LlmConfig): BaseChatModel {
  const common = { temperature: cfg.temperature, maxRetries: cfg.maxRetries };
  switch (spec.provider) {
    case 'anthropic': {
      const { ChatAnthropic } = require('@langchain/anthropic') as typeof import('@langchain/anthropic');
      return new ChatAnthropic({
        ...common,
        model: spec.model,
        maxTokens: cfg.maxTokens,
        streamUsage: true,
        ...(spec.apiKey ? { apiKey: spec.apiKey } : {}),
        ...(spec.baseUrl ? { anthropicApiUrl: spec.baseUrl } : {}),
      });
    }
    case 'google': {
      const { ChatGoogleGenerativeAI } = require('@langchain/google-genai') as typeof import('@langchain/google-genai');
      const model = new ChatGoogleGenerativeAI({
        ...common,
        model: spec.model,
        maxOutputTokens: cfg.maxTokens,
        ...(spec.apiKey ? { apiKey: spec.apiKey } : {}),
        ...(spec.baseUrl ? { baseUrl: spec.baseUrl } : {}),
      });
      quietAbortedStreams(model as unknown as { client: GoogleClient });
      return model;
    }
    case 'bedrock': {
      const { ChatBedrockConverse } = require('@langchain/aws') as typeof import('@langchain/aws');
      // LangChain takes a host name and adds https://; an address (a VPC endpoint, a proxy) needs a client of its own.
      const { BedrockRuntimeClient } =
        require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
      return new ChatBedrockConverse({
        ...common,
        model: spec.model,
        maxTokens: cfg.maxTokens,
        ...(spec.region ? { region: spec.region } : {}),
        ...(spec.baseUrl
          ? {
              client: new BedrockRuntimeClient({
                endpoint: spec.baseUrl,
                region: spec.region,
                maxAttempts: cfg.maxRetries + 1,
              }),
            }
          : {}),
      });
    }
    case 'azure': {
      const { AzureChatOpenAI } = require('@langchain/openai') as typeof import('@langchain/openai');
      return new AzureChatOpenAI({
        ...common,
        azureOpenAIApiDeploymentName: spec.model,
        azureOpenAIApiVersion: spec.apiVersion,
        maxTokens: cfg.maxTokens,
        streamUsage: true,
        ...(spec.apiKey ? { azureOpenAIApiKey: spec.apiKey } : {}),
        ...(spec.baseUrl ? { azureOpenAIEndpoint: spec.baseUrl } : {}),
      });
    }
    case 'ollama': {
      const { ChatOllama } = require('@langchain/ollama') as typeof import('@langchain/ollama');
      return new ChatOllama({
        ...common,
        model: spec.model,
        numPredict: cfg.maxTokens,
        ...(spec.baseUrl ? { baseUrl: spec.baseUrl } : {}),
      });
    }
  }
}

interface GoogleClient {
  generateContentStream(...args: unknown[]): Promise<{ response: Promise<unknown> }>;
}

/**
 * Google's SDK also reads each stream into a `response` promise that LangChain never awaits: an
 * answer stopped midway (a takeover, a stall, the visitor gone) would leave it rejected and
 * unhandled. It is handled here; the stream itself still reports the stop.
 */
function quietAbortedStreams(model: { client: GoogleClient }): void {
  const client = model.client;
  const stream = client.generateContentStream.bind(client);
  client.generateContentStream = async (...args: unknown[]) => {
    const result = await stream(...args);
    result.response.catch(() => undefined);
    return result;
  };
}
