/**
 * `memograd`: the core, everything but SVG (which is `memograd/svg`, so that the core never names
 * the optional Graphviz package).
 *
 * @example
 * import { Value, grad } from 'memograd';
 * grad((x) => x.mul(x))(3).data; // 6
 *
 * @module memograd
 */
export { Value, zeroGrad, localGradients } from './engine/value.js';
export { topologicalOrder } from './engine/topological-order.js';
export { backwardSteps } from './engine/backward-steps.js';
export type { BackwardStep, BackwardStepEdge } from './engine/backward-steps.js';
export { gradcheck } from './engine/gradcheck.js';
export type { GradcheckOptions, GradcheckEntry, GradcheckResult } from './engine/gradcheck.js';
export { buildToyNetwork, TOY_ACTIVATIONS } from './seed/toy-network.js';
export type { ToyActivation, ToyParams, ToyNetwork } from './seed/toy-network.js';
export { toyDeltaRule } from './seed/delta-rule.js';
export type { ToyDeltaRule, ToyForward, ToyDeltas, ToyGradients } from './seed/delta-rule.js';
export { pathSumGradient } from './seed/path-sum.js';
export type { PathSumOptions, PathSumResult } from './seed/path-sum.js';
export { toyWalkthrough, TOY_EXAMPLE_PARAMS } from './seed/walkthrough.js';
export type { ToyWalkthroughOptions } from './seed/walkthrough.js';
export { noGrad, isRecording, NonFiniteError } from './engine/value.js';
export type { BackwardOptions } from './engine/value.js';
export { gradients } from './engine/gradients.js';
export type { GradientsOptions } from './engine/gradients.js';
export { grad, valueAndGrad } from './engine/grad.js';
export type { ScalarFunction, ScalarArgument, ScalarArguments, ArgumentIndex, Gradients } from './engine/grad.js';
export { hessian, hvp } from './engine/hessian.js';
export type { NumberArguments } from './engine/hessian.js';
export { jvp } from './engine/jvp.js';
export type { VectorFunction } from './engine/jvp.js';
export { vjp } from './engine/vjp.js';
export { jacobian } from './engine/jacobian.js';
export type { JacobianMode, JacobianOptions } from './engine/jacobian.js';
export { customOp } from './engine/custom-op.js';
export type { CustomOpSpec } from './engine/custom-op.js';
export { sum } from './engine/sum.js';
export { mean } from './engine/mean.js';
export { dot } from './engine/dot.js';
export { logSumExp } from './engine/log-sum-exp.js';
export { softmax } from './engine/softmax.js';
export { toDot } from './pictures/to-dot.js';
export type { DotOptions, DotField, DotDirection } from './pictures/to-dot.js';
export { toyNetworkDot } from './seed/toy-network-dot.js';
export type { ToyNetworkDotOptions } from './seed/toy-network-dot.js';
export { parseExpression } from './expression/parse-expression.js';
export type { Expression, ExpressionStep, ExpressionOperator } from './expression/parse-expression.js';
export { ParseError } from './expression/parse-error.js';
export { EXPRESSION_FUNCTIONS } from './expression/expression-functions.js';
export type { ExpressionFunctionName } from './expression/expression-functions.js';
export { evaluateExpression } from './expression/evaluate-expression.js';
export type { EvaluateExpressionOptions, ExpressionResult } from './expression/evaluate-expression.js';
export { Random } from './data/random.js';
export { Module } from './nn/module.js';
export { Neuron } from './nn/neuron.js';
export type { NeuronOptions } from './nn/neuron.js';
export { Layer } from './nn/layer.js';
export type { LayerOptions } from './nn/layer.js';
export { MLP } from './nn/mlp.js';
export type { MLPOptions } from './nn/mlp.js';
export type { Predictor } from './nn/predictor.js';
export type { MLPState } from './nn/mlp-state.js';
export { HIDDEN_ACTIVATIONS } from './nn/activation.js';
export type { Activation } from './nn/activation.js';
export { Optimizer } from './nn/optimizer.js';
export type { LRSchedule } from './nn/optimizer.js';
export { SGD } from './nn/sgd.js';
export type { SGDOptions } from './nn/sgd.js';
export { Adam } from './nn/adam.js';
export type { AdamOptions } from './nn/adam.js';
export { AdamW } from './nn/adamw.js';
export { linearDecay, cosineDecay, stepDecay } from './nn/lr-schedules.js';
export { mseLoss } from './nn/mse-loss.js';
export { hingeLoss } from './nn/hinge-loss.js';
export { bceWithLogitsLoss } from './nn/bce-with-logits-loss.js';
export { softmaxCrossEntropyLoss } from './nn/softmax-cross-entropy-loss.js';
export { l2Penalty } from './nn/l2-penalty.js';
export { Trainer } from './nn/trainer.js';
export type { TrainerConfig, StepRecord } from './nn/trainer.js';
export { fit } from './nn/fit.js';
export type { FitConfig, FitRecord } from './nn/fit.js';
export { argmax, evaluate } from './nn/evaluate.js';
export type { Objective } from './nn/evaluate.js';
export { DivergedError } from './nn/diverged-error.js';
export type { Dataset, DatasetOptions } from './data/dataset.js';
export { makeMoons } from './data/make-moons.js';
export { makeCircles } from './data/make-circles.js';
export type { CirclesOptions } from './data/make-circles.js';
export { makeSpiral } from './data/make-spiral.js';
export type { SpiralOptions } from './data/make-spiral.js';
export { trainTestSplit } from './data/train-test-split.js';
export type { SplitOptions } from './data/train-test-split.js';
export { compile } from './engine/compile.js';
export type { CompileMode, CompileOptions, CompiledGraph, NodeReader } from './engine/compile.js';
export { AUTO_GENERATE_MAX_NODES } from './engine/compile.js';
export { MAX_INPUTS } from './engine/max-inputs.js';
