/** Every built-in component. A test checks that each file of this folder is listed here. */
import type { ComponentDefinition } from '../engine/define-component.js';
import Agent from './agent.js';
import AgentQL from './agentql.js';
import AnthropicModel from './anthropic-model.js';
import APIRequest from './api-request.js';
import ArXivComponent from './arxiv.js';
import AstraDB from './astra-db.js';
import PGVector from './pgvector.js';
import IBMwatsonxModel from './ibm-watsonx-model.js';
import PGVectorWrite from './pgvector-write.js';
import Elasticsearch from './elasticsearch.js';
import Pinecone from './pinecone.js';
import QdrantVectorStoreComponent from './qdrant-vector-store.js';
import BatchRunComponent from './batch-run.js';
import CalculatorComponent from './calculator.js';
import ChatInput from './chat-input.js';
import Chroma from './chroma.js';
import CombineText from './combine-text.js';
import DuckDuckGoSearchComponent from './duck-duck-go-search.js';
import EmbeddingModel from './embedding-model.js';
import FAISS from './faiss.js';
import File from './file.js';
import ConditionalRouter from './conditional-router.js';
import ChatOutput from './chat-output.js';
import KnowledgeIngestion from './knowledge-ingestion.js';
import KnowledgeRetrieval from './knowledge-retrieval.js';
import LanguageModelComponent from './language-model.js';
import LoopComponent from './loop.js';
import MCPTools from './mcp-tools.js';
import Memory from './memory.js';
import OllamaEmbeddings from './ollama-embeddings.js';
import OllamaModel from './ollama-model.js';
import OpenAIEmbeddings from './openai-embeddings.js';
import OpenAIModel from './openai-model.js';
import GroqModel from './groq-model.js';
import DeepSeekModelComponent from './deepseek-model.js';
import XAIModel from './xai-model.js';
import OpenRouterComponent from './openrouter.js';
import LMStudioModel from './lmstudio-model.js';
import NVIDIAModelComponent from './nvidia-model.js';
import MistralModel from './mistral-model.js';
import VLLMModel from './vllm-model.js';
import AzureOpenAIModel from './azure-openai-model.js';
import GoogleGenerativeAIModel from './google-generative-ai-model.js';
import Needle from './needle.js';
import ParseData from './parse-data.js';
import ParseJSONData from './parse-json-data.js';
import ParserComponent from './parser.js';
import Prompt from './prompt.js';
import RunFlow from './run-flow.js';
import SaveToFile from './save-to-file.js';
import SearchComponent from './search.js';
import Serp from './serp.js';
import ScrapeGraphSearchApi from './scrape-graph-search-api.js';
import SplitText from './split-text.js';
import TavilyExtractComponent from './tavily-extract.js';
import TavilySearchComponent from './tavily-search.js';
import StructuredOutput from './structured-output.js';
import TextInput from './text-input.js';
import TextOutput from './text-output.js';
import URLComponent from './url.js';
import Webhook from './webhook.js';
import YouTubeCommentsComponent from './youtube-comments.js';
import YouTubeTranscripts from './youtube-transcripts.js';
import ApifyActors from './apify-actors.js';
import AssemblyAITranscriptionJobCreator from './assemblyai-transcription-job-creator.js';
import AssemblyAITranscriptionJobPoller from './assemblyai-transcription-job-poller.js';
import YfinanceComponent from './yfinance.js';
import MessagetoData from './messageto-data.js';
import DataToDataFrame from './data-to-data-frame.js';
import CreateList from './create-list.js';
import ExtractaKey from './extracta-key.js';
import FilterData from './filter-data.js';
import SelectData from './select-data.js';
import MergeDataComponent from './merge-data.js';
import RegexExtractorComponent from './regex-extractor.js';
import Pass from './pass.js';
import IDGenerator from './idgenerator.js';
import CurrentDate from './current-date.js';
import ParseDataFrame from './parse-data-frame.js';
import FilterDataValues from './filter-data-values.js';
import StoreMessage from './store-message.js';
import TypeConverterComponent from './type-converter.js';
import AlterMetadata from './alter-metadata.js';
import DataConditionalRouter from './data-conditional-router.js';
import CSVtoData from './csvto-data.js';
import CharacterTextSplitter from './character-text-splitter.js';
import RecursiveCharacterTextSplitter from './recursive-character-text-splitter.js';
import TextOperations from './text-operations.js';
import CreateData from './create-data.js';
import UpdateData from './update-data.js';
import TextEmbedderComponent from './text-embedder.js';
import EmbeddingSimilarityComponent from './embedding-similarity.js';
import MockDataGenerator from './mock-data-generator.js';
import RSSReaderSimple from './rssreader-simple.js';

export const builtinComponents: ComponentDefinition[] = [
  ChatInput,
  TextInput,
  Webhook,
  Prompt,
  LanguageModelComponent,
  OpenAIModel,
  AnthropicModel,
  OllamaModel,
  GoogleGenerativeAIModel,
  AzureOpenAIModel,
  GroqModel,
  DeepSeekModelComponent,
  XAIModel,
  OpenRouterComponent,
  LMStudioModel,
  NVIDIAModelComponent,
  MistralModel,
  VLLMModel,
  IBMwatsonxModel,
  EmbeddingModel,
  OpenAIEmbeddings,
  OllamaEmbeddings,
  KnowledgeIngestion,
  KnowledgeRetrieval,
  FAISS,
  Chroma,
  AstraDB,
  PGVector,
  PGVectorWrite,
  Elasticsearch,
  Pinecone,
  QdrantVectorStoreComponent,
  Memory,
  APIRequest,
  URLComponent,
  File,
  ParserComponent,
  ParseData,
  CombineText,
  SplitText,
  ParseJSONData,
  StructuredOutput,
  BatchRunComponent,
  ConditionalRouter,
  LoopComponent,
  Agent,
  CalculatorComponent,
  MCPTools,
  TavilySearchComponent,
  TavilyExtractComponent,
  SearchComponent,
  ArXivComponent,
  Serp,
  DuckDuckGoSearchComponent,
  AgentQL,
  ScrapeGraphSearchApi,
  Needle,
  YfinanceComponent,
  RunFlow,
  ChatOutput,
  TextOutput,
  SaveToFile,
  YouTubeTranscripts,
  YouTubeCommentsComponent,
  ApifyActors,
  AssemblyAITranscriptionJobCreator,
  AssemblyAITranscriptionJobPoller,
  MessagetoData,
  DataToDataFrame,
  CreateList,
  ExtractaKey,
  FilterData,
  SelectData,
  MergeDataComponent,
  RegexExtractorComponent,
  Pass,
  IDGenerator,
  CurrentDate,
  ParseDataFrame,
  FilterDataValues,
  StoreMessage,
  TypeConverterComponent,
  AlterMetadata,
  DataConditionalRouter,
  CSVtoData,
  CharacterTextSplitter,
  RecursiveCharacterTextSplitter,
  TextOperations,
  CreateData,
  UpdateData,
  TextEmbedderComponent,
  EmbeddingSimilarityComponent,
  MockDataGenerator,
  RSSReaderSimple,
];
