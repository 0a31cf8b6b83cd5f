"""Modules: parameter discovery, modes, state dicts and files, and each layer against torch.nn."""

import numpy as np
import pytest
import torch

from autograd_lib import nn
from autograd_lib.tensor.tensor import Tensor


class Block(nn.Module):
    """A module built by hand: a parameter, a sub-module, and a layer shared twice."""

    def __init__(self, shared: nn.Linear) -> None:
        super().__init__()
        self.scale = nn.Parameter(np.ones(3))
        self.first = shared
        self.inner = nn.Sequential(nn.Linear(3, 3, dtype=np.float64), shared)

    def forward(self, x):
        return self.inner(self.first(x) * self.scale)


def mlp(dtype=np.float64) -> nn.Sequential:
    return nn.Sequential(nn.Linear(4, 5, dtype=dtype), nn.ReLU(), nn.Linear(5, 2, dtype=dtype))


def torch_mlp() -> torch.nn.Sequential:
    torch.manual_seed(0)  # the same weights whichever tests ran before
    return torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2))


# ---------------------------------------------------------------------- discovery


def test_parameters_are_named_as_in_torch():
    assert [n for n, _ in mlp().named_parameters()] == [
        n for n, _ in torch_mlp().named_parameters()
    ]


def test_parameters_are_found_in_attributes_and_sub_modules():
    shared = nn.Linear(3, 3, dtype=np.float64)
    names = [n for n, _ in Block(shared).named_parameters()]
    assert names == ["scale", "first.weight", "first.bias", "inner.0.weight", "inner.0.bias"]


def test_a_shared_parameter_is_listed_once():
    shared = nn.Linear(3, 3)
    assert len(list(Block(shared).parameters())) == 5


def test_plain_tensors_are_not_parameters():
    module = nn.Module()
    module.constant = Tensor([1.0], requires_grad=True)
    assert list(module.parameters()) == []


def test_named_modules_walks_depth_first_listing_a_shared_module_once():
    names = [n for n, _ in Block(nn.Linear(3, 3)).named_modules()]
    assert names == ["", "first", "inner", "inner.0"]  # inner.1 is first, as in torch


def test_calling_a_module_calls_forward():
    model = mlp()
    x = Tensor(np.ones((2, 4)))
    np.testing.assert_array_equal(model(x).data, model.forward(x).data)


def test_module_without_forward_says_so():
    with pytest.raises(NotImplementedError, match="Module has no forward"):
        nn.Module()(1)


def test_subclass_that_skips_init_still_has_a_mode():
    class Bare(nn.Module):
        def __init__(self):
            self.layer = nn.Linear(1, 1)

    assert Bare().training and not Bare().eval().layer.training


# ---------------------------------------------------------------------- training helpers


def test_zero_grad_sets_gradients_to_none_or_zero():
    model = mlp()
    model(Tensor(np.ones((2, 4)))).sum().backward()
    model.zero_grad(set_to_none=False)
    assert all(not p.grad.data.any() for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_train_and_eval_reach_every_sub_module():
    model = Block(nn.Linear(3, 3))
    assert not any(m.training for m in model.eval().modules())
    assert all(m.training for m in model.train().modules())


def test_double_converts_parameters_in_place():
    model = mlp(np.float32)
    weight = model[0].weight
    model.double()
    assert model[0].weight is weight and weight.dtype == np.float64


def test_to_refuses_an_integer_dtype():
    with pytest.raises(TypeError, match="floating point"):
        mlp().to(np.int64)


def test_manual_seed_makes_initial_weights_reproducible():
    nn.manual_seed(3)
    first = mlp().state_dict()
    nn.manual_seed(3)
    second = mlp().state_dict()
    assert all(np.array_equal(first[k], second[k]) for k in first)


def test_parameter_requires_grad_and_must_be_floating_point():
    assert nn.Parameter([1.0, 2.0]).requires_grad
    assert not nn.Parameter([1.0], requires_grad=False).requires_grad
    with pytest.raises(TypeError, match="floating point"):
        nn.Parameter(np.array([1, 2]))


# ---------------------------------------------------------------------- state dicts and files


def test_state_dict_is_a_snapshot():
    model = mlp()
    state = model.state_dict()
    model[0].weight.data += 1
    assert not np.array_equal(state["0.weight"], model[0].weight.data)


def test_load_state_dict_restores_a_snapshot():
    model = mlp()
    state = model.state_dict()
    model[0].weight.data += 1
    model.load_state_dict(state)
    np.testing.assert_array_equal(model[0].weight.data, state["0.weight"])


def test_load_state_dict_takes_torch_weights():
    theirs = torch_mlp()
    ours = mlp(np.float32)
    ours.load_state_dict(theirs.state_dict())
    x = np.random.default_rng(0).normal(size=(3, 4)).astype(np.float32)
    np.testing.assert_allclose(ours(Tensor(x)).data, theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-6)  # float32: outputs near 0 need an atol


def test_load_state_dict_keeps_the_parameter_dtype():
    model = mlp(np.float32)
    model.load_state_dict({k: v.astype(np.float64) for k, v in model.state_dict().items()})
    assert model[0].weight.dtype == np.float32


def test_missing_keys_are_named():
    state = mlp().state_dict()
    del state["2.bias"]
    with pytest.raises(RuntimeError, match=r"missing keys: 2\.bias"):
        mlp().load_state_dict(state)


def test_unexpected_keys_are_named():
    state = mlp().state_dict() | {"3.weight": np.zeros(2)}
    with pytest.raises(RuntimeError, match=r"unexpected keys: 3\.weight"):
        mlp().load_state_dict(state)


def test_mismatched_shapes_are_named():
    state = mlp().state_dict() | {"0.bias": np.zeros(7)}
    with pytest.raises(RuntimeError, match=r"size mismatch for 0\.bias: .*\(7,\).*\(5,\)"):
        mlp().load_state_dict(state)


def test_non_strict_loading_reports_the_keys_it_skipped():
    state = mlp().state_dict()
    del state["0.bias"]
    result = mlp().load_state_dict(state | {"extra": np.zeros(1)}, strict=False)
    assert result.missing_keys == ["0.bias"] and result.unexpected_keys == ["extra"]


def test_non_strict_loading_still_refuses_wrong_shapes():
    with pytest.raises(RuntimeError, match="size mismatch"):
        mlp().load_state_dict({"0.bias": np.zeros(7)}, strict=False)


def test_a_model_survives_a_round_trip_through_an_npz_file(tmp_path):
    model = mlp()
    path = nn.save(model.state_dict(), tmp_path / "model")
    assert path.name == "model.npz"
    fresh = mlp()
    fresh.load_state_dict(nn.load(path))
    x = Tensor(np.random.default_rng(0).normal(size=(3, 4)))
    np.testing.assert_array_equal(fresh(x).data, model(x).data)


# ---------------------------------------------------------------------- printing


def test_repr_reads_like_torch():
    assert repr(mlp()) == repr(torch_mlp())


def test_repr_of_nested_custom_modules_is_indented():
    text = repr(Block(nn.Linear(3, 3)))
    assert text.startswith("Block(\n  (first): Linear(in_features=3")
    assert "\n  (inner): Sequential(\n    (0): Linear" in text


# ---------------------------------------------------------------------- layers


def test_linear_initialises_like_torch():
    layer = nn.Linear(400, 300)
    bound = 1 / np.sqrt(400)
    weights = layer.weight.data
    assert weights.shape == (300, 400) and layer.bias.shape == (300,)
    assert np.abs(weights).max() <= bound and np.abs(layer.bias.data).max() <= bound
    assert weights.std() == pytest.approx(bound / np.sqrt(3), rel=0.02)  # uniform's spread


def test_linear_defaults_to_float32_and_can_drop_the_bias():
    layer = nn.Linear(3, 2, bias=False)
    assert layer.weight.dtype == np.float32 and layer.bias is None
    assert [n for n, _ in layer.named_parameters()] == ["weight"]
    assert repr(layer) == "Linear(in_features=3, out_features=2, bias=False)"


def test_linear_rejects_a_bad_size():
    with pytest.raises(ValueError, match="in_features must be a positive integer"):
        nn.Linear(0, 3)


def test_linear_reports_a_mismatched_input():
    with pytest.raises(ValueError, match="linear"):
        nn.Linear(3, 2)(Tensor(np.ones((4, 5), dtype=np.float32)))


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(nn.ReLU(), torch.nn.ReLU()), (nn.Tanh(), torch.nn.Tanh()),
     (nn.Sigmoid(), torch.nn.Sigmoid()), (nn.Flatten(), torch.nn.Flatten()),
     (nn.Flatten(0, 1), torch.nn.Flatten(0, 1))],
    ids=["relu", "tanh", "sigmoid", "flatten", "flatten01"],
)
def test_parameter_free_layers_match_torch(ours, theirs):
    x = np.random.default_rng(0).normal(size=(2, 3, 4))
    a, t = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(a), theirs(t)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12)
    weights = np.random.default_rng(1).normal(size=out.shape)
    (out * Tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(a.grad.data, t.grad.numpy(), rtol=1e-12)


def test_dropout_zeroes_a_share_p_and_scales_the_rest():
    out = nn.Dropout(0.25, rng=0)(Tensor(np.ones(100_000))).data
    assert np.mean(out == 0) == pytest.approx(0.25, abs=0.01)
    np.testing.assert_allclose(np.unique(out), [0.0, 1 / 0.75], rtol=1e-6)
    assert out.mean() == pytest.approx(1, abs=0.01)  # expectation preserved


def test_dropout_is_the_identity_in_eval_mode():
    x = Tensor(np.ones(10))
    assert nn.Dropout(0.5).eval()(x) is x


def test_dropout_gradient_flows_through_the_kept_units_only():
    x = Tensor(np.ones(1000), requires_grad=True)
    out = nn.Dropout(0.5, rng=1)(x)
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.data, out.data)


def test_dropout_extremes():
    x = Tensor(np.ones(5))
    assert nn.Dropout(0.0)(x) is x
    assert not nn.Dropout(1.0)(x).data.any()


def test_dropout_rejects_a_bad_probability():
    with pytest.raises(ValueError, match="probability"):
        nn.Dropout(1.5)


def test_sequential_indexes_like_a_list():
    model = mlp()
    assert len(model) == 3 and isinstance(model[1], nn.ReLU) and model[-1] is list(model)[2]


def test_sequential_rejects_a_non_module():
    with pytest.raises(TypeError, match="argument 1 is a ufunc, not a Module"):
        nn.Sequential(nn.ReLU(), np.tanh)


def test_flatten_of_an_empty_batch_is_empty_as_in_torch():
    x = Tensor(np.zeros((0, 3, 4), np.float32))
    assert nn.Flatten()(x).shape == tuple(torch.nn.Flatten()(torch.zeros(0, 3, 4)).shape)
